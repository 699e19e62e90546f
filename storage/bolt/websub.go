package bolt

import (
	"context"
	"encoding/json"
	"fmt"

	bbolt "go.etcd.io/bbolt"

	"github.com/paperwire/paperwire/feed"
)

// bucketWebSub holds WebSub subscriptions: topic NL callback → Subscription JSON.
var bucketWebSub = []byte("websub")

// SaveSubscription stores a subscription, replacing the one of the same
// topic and callback.
func (s *Store) SaveSubscription(ctx context.Context, sub feed.Subscription) error {
	return s.update(ctx, func(tx *bbolt.Tx) error {
		return putJSON(tx.Bucket(bucketWebSub), sub.ID(), sub)
	})
}

// DeleteSubscription removes a subscription (none: no error).
func (s *Store) DeleteSubscription(ctx context.Context, topic, callback string) error {
	return s.update(ctx, func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketWebSub).Delete([]byte(feed.SubscriptionID(topic, callback)))
	})
}

// Subscriptions returns every stored subscription, expired ones too.
func (s *Store) Subscriptions(ctx context.Context) ([]feed.Subscription, error) {
	var out []feed.Subscription
	err := s.view(ctx, func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketWebSub).ForEach(func(k, v []byte) error {
			var sub feed.Subscription
			if err := json.Unmarshal(v, &sub); err != nil {
				return fmt.Errorf("read subscription %q: %w", k, err)
			}
			out = append(out, sub)
			return nil
		})
	})
	return out, err
}

// ClaimDelivery records that the feed content etag goes to the
// subscription; false when it went already or the subscription is gone.
func (s *Store) ClaimDelivery(ctx context.Context, topic, callback, etag string) (bool, error) {
	claimed := false
	err := s.update(ctx, func(tx *bbolt.Tx) error {
		b, id := tx.Bucket(bucketWebSub), feed.SubscriptionID(topic, callback)
		if b.Get([]byte(id)) == nil {
			return nil
		}
		var sub feed.Subscription
		if err := getJSON(b, id, &sub); err != nil {
			return err
		}
		if claimed = sub.Claim(etag); !claimed {
			return nil
		}
		return putJSON(b, id, sub)
	})
	return claimed, err
}
