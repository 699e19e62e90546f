package storagetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/storage"
)

// testSubscriptions: saved subscriptions are listed with every field,
// replaced by topic and callback, and deleted.
func testSubscriptions(t *testing.T, s storage.Store) {
	ctx := context.Background()
	a := feed.Subscription{Topic: "https://p.example/topics/all.atom", Callback: "https://r.example/cb?x=1",
		Secret: "s3cret", Created: t0, Expires: t0.Add(240 * time.Hour), Sent: []string{`"e1"`}}
	b := feed.Subscription{Topic: "https://p.example/topics/all.rss", Callback: "https://r.example/cb?x=1", Created: t0, Expires: t0.Add(time.Hour)}
	for _, sub := range []feed.Subscription{a, b} {
		if err := s.SaveSubscription(ctx, sub); err != nil {
			t.Fatal(err)
		}
	}
	if got := subscriptions(t, s); !slices.EqualFunc(got, []feed.Subscription{a, b}, sameSubscription) {
		t.Fatalf("subscriptions %+v", got)
	}
	a.Expires, a.Secret, a.Sent = t0.Add(480*time.Hour), "", nil
	if err := s.SaveSubscription(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSubscription(ctx, b.Topic, b.Callback); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSubscription(ctx, b.Topic, "https://unknown.example/"); err != nil {
		t.Errorf("deleting an unknown subscription: %v", err)
	}
	if got := subscriptions(t, s); !slices.EqualFunc(got, []feed.Subscription{a}, sameSubscription) {
		t.Errorf("after renewal and delete: %+v", got)
	}
}

// testClaimDelivery: one content goes to one subscription once, however
// many callers race for it; a gone subscription claims nothing.
func testClaimDelivery(t *testing.T, s storage.Store) {
	ctx := context.Background()
	sub := feed.Subscription{Topic: "https://p.example/topics/all.json", Callback: "https://r.example/cb", Expires: t0.Add(time.Hour), Sent: []string{`"e0"`}}
	if err := s.SaveSubscription(ctx, sub); err != nil {
		t.Fatal(err)
	}
	if ok := claim(t, s, sub, `"e0"`); ok {
		t.Error("the baseline ETag was claimed again")
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for range 8 {
		wg.Go(func() {
			ok, err := s.ClaimDelivery(ctx, sub.Topic, sub.Callback, `"e1"`)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Error(err)
			}
			if ok {
				wins++
			}
		})
	}
	wg.Wait()
	if wins != 1 {
		t.Errorf("%d of 8 racing claims won, want 1", wins)
	}
	for i := 2; i < 2+feed.MaxSent; i++ {
		claim(t, s, sub, fmt.Sprintf(`"e%d"`, i))
	}
	got := subscriptions(t, s)
	if len(got) != 1 || len(got[0].Sent) != feed.MaxSent || got[0].Sent[0] != fmt.Sprintf(`"e%d"`, 1+feed.MaxSent) {
		t.Errorf("sent list after %d claims: %+v", feed.MaxSent+1, got)
	}
	if err := s.DeleteSubscription(ctx, sub.Topic, sub.Callback); err != nil {
		t.Fatal(err)
	}
	if claim(t, s, sub, `"e99"`) || len(subscriptions(t, s)) != 0 {
		t.Error("a deleted subscription was claimed or came back")
	}
}

func claim(t *testing.T, s storage.Store, sub feed.Subscription, etag string) bool {
	t.Helper()
	ok, err := s.ClaimDelivery(context.Background(), sub.Topic, sub.Callback, etag)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// subscriptions lists the store's subscriptions by topic.
func subscriptions(t *testing.T, s storage.Store) []feed.Subscription {
	t.Helper()
	got, err := s.Subscriptions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(got, func(a, b feed.Subscription) int { return strings.Compare(a.ID(), b.ID()) })
	return got
}

func sameSubscription(a, b feed.Subscription) bool {
	return a.Topic == b.Topic && a.Callback == b.Callback && a.Secret == b.Secret &&
		a.Created.Equal(b.Created) && a.Expires.Equal(b.Expires) && slices.Equal(a.Sent, b.Sent)
}
