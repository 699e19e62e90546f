package feed

import (
	"slices"
	"time"
)

// Subscription is one WebSub subscriber of one of our feeds, active
// (its intent verified) until Expires.
type Subscription struct {
	Topic    string    `json:"topic"` // the feed's canonical URL (its rel="self")
	Callback string    `json:"callback"`
	Secret   string    `json:"secret,omitempty"` // HMAC key of deliveries ("" for unsigned)
	Created  time.Time `json:"created"`
	Expires  time.Time `json:"expires"`
	// Sent lists the ETags of the feed last claimed for delivery to this
	// subscriber, newest first: the same content is never sent twice.
	Sent []string `json:"sent,omitempty"`
}

// MaxSent is how many delivered ETags a subscription remembers.
const MaxSent = 8

// ID names a subscription: its topic and callback.
func (s Subscription) ID() string { return SubscriptionID(s.Topic, s.Callback) }

// SubscriptionID is the ID of the subscription of callback to topic.
func SubscriptionID(topic, callback string) string { return topic + "\n" + callback }

// Claim records etag as sent and reports true, unless it was sent
// already (then the subscription is unchanged).
func (s *Subscription) Claim(etag string) bool {
	if slices.Contains(s.Sent, etag) {
		return false
	}
	s.Sent = append([]string{etag}, s.Sent[:min(len(s.Sent), MaxSent-1)]...)
	return true
}

// Active reports whether the subscription's lease runs at now.
func (s Subscription) Active(now time.Time) bool { return now.Before(s.Expires) }
