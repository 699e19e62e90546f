package redis

import (
	"context"
	"errors"
	"fmt"

	goredis "github.com/redis/go-redis/v9"
)

// mergeSrc writes one partition's papers only if every paper still holds
// the value the merge read, and records the write's token so that running
// the same call again (go-redis sends a node's whole pipeline again after
// a TRYAGAIN or a timeout, scripts that ran included) is recognised: a
// token already recorded means "written" and writes nothing.
//
//	KEYS[1]  the partition's :all zset
//	KEYS[2]  the partition's :updated zset
//	KEYS[3]  its :changed zset, KEYS[4] its :seq counter (the change log)
//	KEYS[5]  its :tokens zset (token → the change-log sequence of its write)
//	then per paper: its paper key, the rank zsets it leaves, the rank zsets it joins
//	ARGV[1]  number of papers
//	ARGV[2]  the write's token, ARGV[3] how long an idle partition keeps
//	its tokens (ms), ARGV[4] how many tokens are kept at most
//	then per paper: expected JSON ("" = must not exist), new JSON, score,
//	member, number of zsets left, number of zsets joined, updated (Unix ms)
//
// Returns 1 when written (now or by an earlier run of the same call), 0 on
// a conflict (nothing written).
const mergeSrc = `
if redis.call('ZSCORE', KEYS[5], ARGV[2]) then return 1 end
local n = tonumber(ARGV[1])
local a, k = 5, 6
for i = 1, n do
  local cur = redis.call('GET', KEYS[k]) or ''
  if cur ~= ARGV[a] then return 0 end
  k = k + 1 + tonumber(ARGV[a+4]) + tonumber(ARGV[a+5])
  a = a + 7
end
local seq
a, k = 5, 6
for i = 1, n do
  local score, member = ARGV[a+2], ARGV[a+3]
  local leave, join = tonumber(ARGV[a+4]), tonumber(ARGV[a+5])
  redis.call('SET', KEYS[k], ARGV[a+1])
  redis.call('ZADD', KEYS[1], 0, member)
  redis.call('ZADD', KEYS[2], ARGV[a+6], member)
  seq = redis.call('INCR', KEYS[4])
  redis.call('ZADD', KEYS[3], seq, member)
  for j = 1, leave do redis.call('ZREM', KEYS[k+j], member) end
  for j = 1, join do redis.call('ZADD', KEYS[k+leave+j], score, member) end
  k = k + 1 + leave + join
  a = a + 7
end
redis.call('ZADD', KEYS[5], seq, ARGV[2])
if redis.call('ZCARD', KEYS[5]) > tonumber(ARGV[4]) then
  redis.call('ZREMRANGEBYRANK', KEYS[5], 0, -1 - tonumber(ARGV[4]))
end
redis.call('PEXPIRE', KEYS[5], ARGV[3])
return 1
`

// casSrc sets KEYS[1] to ARGV[2] if it holds ARGV[1] ("" = absent).
// Returns 1 when set, 0 on a conflict.
const casSrc = `
local cur = redis.call('GET', KEYS[1]) or ''
if cur ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
return 1
`

// leaseSrc grants the lease KEYS[1] to holder ARGV[1] for ARGV[2] ms when
// it is free or already the holder's. Returns 1 when granted.
const leaseSrc = `
local cur = redis.call('GET', KEYS[1])
if cur == false or cur == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
`

// spendSrc takes up to ARGV[2] units (a negative number gives units
// back) of the budget KEYS[1] whose limit is ARGV[1]; the key expires
// ARGV[3] ms after its window started. Returns {granted, left}.
const spendSrc = `
local limit, n = tonumber(ARGV[1]), tonumber(ARGV[2])
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local g
if n < 0 then g = math.max(n, -used) else g = math.min(n, math.max(limit - used, 0)) end
used = used + g
redis.call('SET', KEYS[1], used, 'PX', ARGV[3])
return {g, math.max(limit - used, 0)}
`

// scripts are the store's Lua scripts, built once per Store.
type scripts struct {
	merge, cas, lease, del, forget, spend *goredis.Script
}

func newScripts() scripts {
	return scripts{
		merge:  goredis.NewScript(mergeSrc),
		cas:    goredis.NewScript(casSrc),
		lease:  goredis.NewScript(leaseSrc),
		del:    goredis.NewScript(deleteSrc),
		forget: goredis.NewScript(forgetSrc),
		spend:  goredis.NewScript(spendSrc),
	}
}

// scriptCall is one run of a script.
type scriptCall struct {
	keys []string
	args []any
}

// runPipelined runs a script once per call in one pipeline (go-redis
// splits it per cluster node) and returns each call's integer result; a
// call refused with TRYAGAIN (its slot is being migrated) returns 0, the
// scripts' "conflict, nothing written" (an earlier send of it by go-redis
// may have run: the merge script's write token tells the next attempt).
// Calls refused with NOSCRIPT (a restarted or flushed Redis) run again
// with the script's source in a second pipeline.
func runPipelined(ctx context.Context, c goredis.UniversalClient, sc *goredis.Script, calls []scriptCall) ([]int64, error) {
	cmds := make([]*goredis.Cmd, len(calls))
	pipe := c.Pipeline()
	for i, call := range calls {
		cmds[i] = sc.EvalSha(ctx, pipe, call.keys, call.args...)
	}
	_, _ = pipe.Exec(ctx) // errors are read per command below
	if err := evalMissing(ctx, c, sc, calls, cmds); err != nil {
		return nil, err
	}
	out := make([]int64, len(cmds))
	for i, cmd := range cmds {
		v, err := cmd.Int64()
		if goredis.HasErrorPrefix(err, "TRYAGAIN") {
			continue // a slot is moving (resharding): nothing ran; a conflict, retried
		}
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// evalMissing reruns with EVAL the calls whose EVALSHA met NOSCRIPT.
func evalMissing(ctx context.Context, c goredis.UniversalClient, sc *goredis.Script, calls []scriptCall, cmds []*goredis.Cmd) error {
	var pipe goredis.Pipeliner
	for i, cmd := range cmds {
		if !goredis.HasErrorPrefix(cmd.Err(), "NOSCRIPT") {
			continue
		}
		if pipe == nil {
			pipe = c.Pipeline()
		}
		cmds[i] = sc.Eval(ctx, pipe, calls[i].keys, calls[i].args...)
	}
	if pipe == nil {
		return nil
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, goredis.Nil) {
		return fmt.Errorf("load script: %w", err)
	}
	return nil
}
