package redis

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	goredis "github.com/redis/go-redis/v9"

	"github.com/paperwire/paperwire/feed"
)

// claimSrc claims the delivery of one feed content to one subscription.
//
//	KEYS[1]  the subscriptions hash, KEYS[2] the sent hash (same slot)
//	ARGV[1]  the subscription's field, ARGV[2] the ETag, ARGV[3] how many ETags to keep
//
// Returns 1 when claimed; 0 when the ETag was sent already or the
// subscription is gone. The sent list is space-separated, newest first
// (feed.Subscription.Claim in Lua).
const claimSrc = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
local cur = redis.call('HGET', KEYS[2], ARGV[1]) or ''
local out, n = ARGV[2], 1
for e in string.gmatch(cur, '%S+') do
  if e == ARGV[2] then return 0 end
  if n < tonumber(ARGV[3]) then out, n = out .. ' ' .. e, n + 1 end
end
redis.call('HSET', KEYS[2], ARGV[1], out)
return 1
`

var claimScript = goredis.NewScript(claimSrc)

// SaveSubscription stores a subscription, replacing the one of the same
// topic and callback.
func (s *Store) SaveSubscription(ctx context.Context, sub feed.Subscription) error {
	sent := strings.Join(sub.Sent, " ")
	sub.Sent = nil
	raw, err := json.Marshal(sub)
	if err != nil {
		return fmt.Errorf("encode subscription: %w", err)
	}
	_, err = s.client.TxPipelined(ctx, func(p goredis.Pipeliner) error {
		p.HSet(ctx, s.keys.websubSubs(), sub.ID(), raw)
		if sent == "" {
			p.HDel(ctx, s.keys.websubSent(), sub.ID())
		} else {
			p.HSet(ctx, s.keys.websubSent(), sub.ID(), sent)
		}
		return nil
	})
	return wrapIf("redis save subscription", err)
}

// DeleteSubscription removes a subscription (none: no error).
func (s *Store) DeleteSubscription(ctx context.Context, topic, callback string) error {
	id := feed.SubscriptionID(topic, callback)
	_, err := s.client.TxPipelined(ctx, func(p goredis.Pipeliner) error {
		p.HDel(ctx, s.keys.websubSubs(), id)
		p.HDel(ctx, s.keys.websubSent(), id)
		return nil
	})
	return wrapIf("redis delete subscription", err)
}

// Subscriptions returns every stored subscription, expired ones too.
func (s *Store) Subscriptions(ctx context.Context) ([]feed.Subscription, error) {
	subs, err := s.client.HGetAll(ctx, s.keys.websubSubs()).Result()
	if err != nil {
		return nil, fmt.Errorf("redis subscriptions: %w", err)
	}
	sent, err := s.client.HGetAll(ctx, s.keys.websubSent()).Result()
	if err != nil {
		return nil, fmt.Errorf("redis subscriptions: %w", err)
	}
	out := make([]feed.Subscription, 0, len(subs))
	for id, raw := range subs {
		var sub feed.Subscription
		if err := json.Unmarshal([]byte(raw), &sub); err != nil {
			return nil, fmt.Errorf("redis subscription %q: %w", id, err)
		}
		sub.Sent = strings.Fields(sent[id])
		out = append(out, sub)
	}
	return out, nil
}

// ClaimDelivery records that the feed content etag goes to the
// subscription; false when it went already (from any process) or the
// subscription is gone.
func (s *Store) ClaimDelivery(ctx context.Context, topic, callback, etag string) (bool, error) {
	keys := []string{s.keys.websubSubs(), s.keys.websubSent()}
	n, err := claimScript.Run(ctx, s.client, keys, feed.SubscriptionID(topic, callback), etag, feed.MaxSent).Int()
	if err != nil {
		return false, fmt.Errorf("redis claim delivery: %w", err)
	}
	return n == 1, nil
}
