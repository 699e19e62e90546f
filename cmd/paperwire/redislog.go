package main

import (
	"context"
	"fmt"
	"log/slog"

	goredis "github.com/redis/go-redis/v9"
)

// redisLog routes go-redis's own messages (dial retries, cluster
// reloads) to the process logger at debug level: Paperwire reports an
// unreachable store itself, once per failing operation, naming it.
type redisLog struct{ logger *slog.Logger }

func (l redisLog) Printf(ctx context.Context, format string, v ...any) {
	l.logger.DebugContext(ctx, fmt.Sprintf(format, v...), "component", "go-redis")
}

// quietRedis installs redisLog. go-redis has one process-wide logger, so
// only main calls this, once.
func quietRedis(logger *slog.Logger) {
	goredis.SetLogger(redisLog{logger: logger})
}
