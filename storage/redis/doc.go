// Package redis is the Redis backend of Paperwire: one standalone Redis or
// a Redis Cluster, shared by any number of `paperwire serve` processes.
//
// # Key layout
//
// Papers are spread over 16 fixed partitions by FNV-1a 32 of the paper key
// (mod 16). Every key of a partition carries the hash tag {pN} right after
// the prefix (default "paperwire:"), so a partition lives in one cluster
// slot and one Lua script updates it atomically:
//
//	{prefix}{pN}:paper:<key>     STRING  encoding/json of feed.Paper
//	{prefix}{pN}:all             ZSET    score 0, member = paper key (Scan, lexicographic)
//	{prefix}{pN}:rank:<slug>     ZSET    member = paper key, score = Paper.Score:
//	                                     the partition's share of a topic's index
//	{prefix}{pN}:updated         ZSET    member = paper key, score = Paper.Updated in Unix
//	                                     milliseconds (Stale: what pruning reads)
//	{prefix}{pN}:tokens          ZSET    member = write token of a merge script call, score =
//	                                     the partition's change-log sequence at the write; the
//	                                     last 64, expiring after a minute without writes, so
//	                                     a call run twice writes once (see Writes)
//
// Small keys outside the partitions:
//
//	{prefix}rev                  HASH    slug → revision counter
//	{prefix}curation:<slug>      STRING  encoding/json of feed.Curation
//	{prefix}source:<name>        STRING  encoding/json of feed.SourceState
//	{prefix}lease:<name>         STRING  holder, with a PX expiry
//	{prefix}meta                 HASH    name → value
//	{prefix}repos                HASH    owner/repo → encoding/json of feed.RepoState
//	{prefix}budget:<name>:<unix> STRING  units spent in the window starting then (expires after a day)
//	{prefix}digests:<slug>/<kind> HASH   period ID → encoding/json of feed.Digest
//
// For example "paperwire:{p3}:paper:arxiv:2403.15929". Paper keys may hold
// ':' and '/'; the prefix may not hold '{' or '}'.
//
// # Writes
//
// Merge loads the papers in one pipeline, calls the merge function, and
// sends one compare-and-set script per touched partition (all in one
// pipeline): a script writes its partition's papers and index entries only
// when every paper still holds the value that was read, and records the
// Merge's random write token for the partition (the same in every
// attempt) in {pN}:tokens. A call sent again (go-redis
// resends a Cluster node's pipeline after TRYAGAIN, scripts that ran
// included, and retries timeouts) finds its token and returns "written"
// without writing, instead of a conflict that would apply the change
// twice. Partitions that lost a race are reloaded and merged again, their
// keys only (so no update is applied twice), with a jittered backoff, at
// most 20 attempts; then the revisions of every topic a written paper left
// or joined are bumped in one pipeline. Papers whose JSON is unchanged are
// not written. Each step is a constant
// number of round trips per node, whatever the number of papers.
//
// # Reads
//
// A topic's Top reads the 16 partition indexes in one pipeline and merges
// them: by score descending, then key ascending. Scan walks the partitions
// in order, each by key (ZRANGEBYLEX on :all); its cursor is
// "<partition>|<last key>".
package redis
