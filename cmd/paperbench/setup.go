package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	goredis "github.com/redis/go-redis/v9"

	"github.com/paperwire/paperwire/feed/feedtest"
	"github.com/paperwire/paperwire/storage/redis/redisproc"
)

// install says how to get the programs the suite drives.
const install = "apt-get install -y redis-server redis-tools wrk nginx (Debian; nginx-light is the same nginx there)"

type quietRedis struct{}

func (quietRedis) Printf(context.Context, string, ...any) {}

// options are the command line's choices.
type options struct {
	quick               bool
	rounds, concurrency int
	bin                 string // a prebuilt binary ("" builds one)
}

// setup builds the binary and starts the farm and the Redis servers.
func setup(ctx context.Context, stderr io.Writer, o options) (*bench, func(), error) {
	goredis.SetLogger(quietRedis{}) // dial retries against servers stopped on purpose
	dir, err := os.MkdirTemp("", "paperbench-*")
	if err != nil {
		return nil, nil, fmt.Errorf("work folder: %w", err)
	}
	b := &bench{ctx: ctx, dir: dir, out: stderr, log: slog.New(slog.NewTextHandler(stderr, nil)),
		sizes: fullSizes(), rounds: 5, concurrency: o.concurrency, quick: o.quick}
	if o.quick {
		b.sizes, b.rounds = quickSizes(), 3
	}
	if o.rounds > 0 {
		b.rounds = o.rounds
	}
	cleanup := func() { b.close() }
	if err := b.start(o.bin); err != nil {
		cleanup()
		return nil, nil, err
	}
	return b, cleanup, nil
}

func (b *bench) start(bin string) error {
	var err error
	if bin != "" {
		b.bin = &binary{path: bin}
	} else if b.bin, err = buildBinary(b.ctx, b.dir); err != nil {
		return err
	}
	if b.gen, err = feedtest.New(); err != nil {
		return err
	}
	if b.farm, err = startFarm(); err != nil {
		return err
	}
	b.startRedis()
	return nil
}

// startRedis starts a standalone server and a 3-node cluster on free
// loopback ports, or says loudly why not.
func (b *bench) startRedis() {
	if m := redisproc.Missing("redis-server"); m != "" {
		b.log.Warn("Redis figures SKIPPED: "+m+" not found; install with: "+install, "missing", m)
		return
	}
	var err error
	if b.redis, err = redisproc.Start(b.mkdir("redis"), false); err != nil {
		b.log.Warn("Redis figures SKIPPED: cannot start redis-server", "err", err)
		return
	}
	if b.cluster, err = redisproc.StartCluster(b.mkdir("cluster"), 3); err != nil {
		b.log.Warn("Redis Cluster figures SKIPPED: cannot start a cluster", "err", err)
	}
}

func (b *bench) mkdir(name string) string {
	d := filepath.Join(b.dir, name)
	if err := os.MkdirAll(d, 0o750); err != nil {
		b.log.Warn("mkdir", "err", err)
	}
	return d
}

func (b *bench) close() {
	if b.farm != nil {
		b.farm.close()
	}
	if b.redis != nil {
		b.redis.Stop()
	}
	if b.cluster != nil {
		b.cluster.Stop()
	}
	os.RemoveAll(b.dir)
}

// backends are the stores a fetch round runs against: the embedded file,
// Redis, and with cluster, Redis Cluster.
func (b *bench) backends(cluster bool) []backend {
	out := []backend{{name: "embedded (bbolt)"}}
	if b.redis != nil {
		out = append(out, backend{name: "Redis", url: b.redis.URL(), flush: flushRedis(b.redis.Addr())})
	}
	if cluster && b.cluster != nil {
		out = append(out, backend{name: "Redis Cluster (3 masters)", url: b.cluster.URL(), flush: flushRedis(b.cluster.Addrs()...)})
	}
	return out
}

// part runs one part of the suite.
func (b *bench) part(name string) []*section {
	b.progress("== %s", name)
	switch name {
	case "gobench":
		return []*section{b.goBenchSection()}
	case "ingest":
		return []*section{b.ingestSection()}
	case "idle":
		return []*section{b.idleSection()}
	case "serve":
		return []*section{b.serveSection()}
	case "render":
		return []*section{b.renderSection()}
	case "memory":
		return []*section{b.memorySection()}
	case "fresh":
		return []*section{b.freshSection()}
	case "redis":
		return []*section{b.redisSection()}
	case "year":
		return []*section{b.yearSection()}
	case "search":
		return []*section{b.searchSection()}
	}
	return []*section{{title: name, skipped: "unknown part " + name}}
}
