package redis

import goredis "github.com/redis/go-redis/v9"

// Internals the external tests inspect.

func ClientOf(s *Store) goredis.UniversalClient { return s.client }

func RankKey(s *Store, p int, slug string) string { return s.keys.rank(p, slug) }

func PaperKey(s *Store, key string) string { return s.keys.paper(key) }

const Partitions = partitions
