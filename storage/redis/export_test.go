package redis

import (
	goredis "github.com/redis/go-redis/v9"

	"github.com/paperwire/paperwire/feed"
)

// Internals the external tests inspect.

func ClientOf(s *Store) goredis.UniversalClient { return s.client }

func RankKey(s *Store, p int, slug string) string { return s.keys.rank(p, slug) }

func PaperKey(s *Store, key feed.Key) string { return s.keys.paper(key) }

const Partitions = partitions

func TokensKey(s *Store, p int) string { return s.keys.tokens(p) }

const MaxTokens = maxTokens

func PartitionOf(key feed.Key) int { return partition(key) }
