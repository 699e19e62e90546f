package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/paperwire/paperwire/config"
	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/normalize"
)

// curate pins, unpins, bans or unbans a paper in a topic.
func (e *env) curate(ctx context.Context, action string, args []string) error {
	fs, cfgPath, err := e.flags(action, args, nil)
	if err != nil {
		return err
	}
	slug := fs.Arg(0)
	key, err := normalize.ParseKey(fs.Arg(1))
	if err != nil {
		return err
	}
	a, err := e.open(ctx, *cfgPath)
	if err != nil {
		return err
	}
	defer a.close()
	if !slices.ContainsFunc(a.cfg.Topics, func(t config.TopicEntry) bool { return t.Slug == slug }) {
		return fmt.Errorf("no topic %q (topics: %s)", slug, strings.Join(topicSlugs(a), ", "))
	}
	if action == "pin" {
		if _, err := a.store.Paper(ctx, key); errors.Is(err, feed.ErrNotFound) {
			return fmt.Errorf("paper %s is not known yet: run `paperwire fetch` first, or check the key", key)
		} else if err != nil {
			return err
		}
	}
	c, err := a.store.Curate(ctx, slug, key, feed.CurateAction(action), time.Now().UTC().Truncate(time.Second))
	if err != nil {
		return fmt.Errorf("%s %s in %s: %w", action, key, slug, err)
	}
	fmt.Fprintf(e.stdout, "%s: %s %s\npinned: %s\nbanned: %s\n", slug, action, key, list(c.Pins), list(c.Bans))
	return nil
}

func list(keys []feed.Key) string {
	if len(keys) == 0 {
		return "(none)"
	}
	ss := make([]string, len(keys))
	for i, k := range keys {
		ss[i] = k.String()
	}
	return strings.Join(ss, ", ")
}

func topicSlugs(a *app) []string {
	var out []string
	for _, t := range a.cfg.Topics {
		out = append(out, t.Slug)
	}
	return out
}
