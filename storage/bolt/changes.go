package bolt

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"strconv"

	bbolt "go.etcd.io/bbolt"

	"github.com/paperwire/paperwire/feed"
)

// maxGone bounds the deletions the change log remembers; a reader further
// behind gets feed.ErrChangesLost and reads everything again.
const maxGone = 10000

// horizonKey (in meta) is the seq of the newest deletion forgotten.
const horizonKey = "changes-horizon"

// goneKey (in meta) counts the entries of the gone bucket.
const goneKey = "changes-gone"

// logWrite records that the paper key was written, as its newest change.
func logWrite(tx *bbolt.Tx, key feed.Key) error {
	seq, err := nextSeq(tx, key)
	if err != nil {
		return err
	}
	if err := tx.Bucket(bucketChanges).Put(seq, []byte(key)); err != nil {
		return fmt.Errorf("log change of %s: %w", key, err)
	}
	return tx.Bucket(bucketChanged).Put([]byte(key), seq)
}

// logDelete records that the paper key was deleted, forgetting the
// oldest deletions beyond maxGone.
func logDelete(tx *bbolt.Tx, key feed.Key) error {
	seq, err := nextSeq(tx, key)
	if err != nil {
		return err
	}
	if err := tx.Bucket(bucketChanged).Delete([]byte(key)); err != nil {
		return fmt.Errorf("log deletion of %s: %w", key, err)
	}
	gone := tx.Bucket(bucketGone)
	if err := gone.Put(seq, []byte(key)); err != nil {
		return fmt.Errorf("log deletion of %s: %w", key, err)
	}
	if n, err := countGone(tx); n <= maxGone || err != nil {
		return err
	}
	oldest, _ := gone.Cursor().First()
	horizon := strconv.FormatUint(binary.BigEndian.Uint64(oldest), 10)
	if err := tx.Bucket(bucketMeta).Put([]byte(horizonKey), []byte(horizon)); err != nil {
		return fmt.Errorf("log deletion of %s: %w", key, err)
	}
	return gone.Delete(oldest)
}

// countGone counts a deletion in meta and returns how many the log holds.
func countGone(tx *bbolt.Tx) (int, error) {
	meta := tx.Bucket(bucketMeta)
	n, _ := strconv.Atoi(string(meta.Get([]byte(goneKey))))
	n++ // beyond maxGone, the caller drops the oldest
	if err := meta.Put([]byte(goneKey), []byte(strconv.Itoa(min(n, maxGone)))); err != nil {
		return 0, fmt.Errorf("count deletions: %w", err)
	}
	return n, nil
}

// nextSeq drops the key's earlier entry from the log and returns the
// next sequence number.
func nextSeq(tx *bbolt.Tx, key feed.Key) ([]byte, error) {
	log := tx.Bucket(bucketChanges)
	if old := tx.Bucket(bucketChanged).Get([]byte(key)); old != nil {
		if err := log.Delete(old); err != nil {
			return nil, fmt.Errorf("log change of %s: %w", key, err)
		}
	}
	n, err := log.NextSequence()
	if err != nil {
		return nil, fmt.Errorf("log change of %s: %w", key, err)
	}
	return binary.BigEndian.AppendUint64(nil, n), nil
}

// ChangeCursor returns the change log's current position.
func (s *Store) ChangeCursor(ctx context.Context) (string, error) {
	var seq uint64
	err := s.view(ctx, func(tx *bbolt.Tx) error {
		seq = tx.Bucket(bucketChanges).Sequence()
		return nil
	})
	return strconv.FormatUint(seq, 10), err
}

// Changes returns up to n keys of papers written or deleted after cursor,
// oldest change first, and the cursor to continue from.
func (s *Store) Changes(ctx context.Context, cursor string, n int) ([]feed.Key, string, error) {
	since, err := strconv.ParseUint(cursor, 10, 64)
	if err != nil {
		return nil, "", fmt.Errorf("invalid change cursor %q", cursor)
	}
	var keys []feed.Key
	err = s.view(ctx, func(tx *bbolt.Tx) error {
		horizon, _ := strconv.ParseUint(string(tx.Bucket(bucketMeta).Get([]byte(horizonKey))), 10, 64)
		if since < horizon {
			return fmt.Errorf("cursor %d, horizon %d: %w", since, horizon, feed.ErrChangesLost)
		}
		from := binary.BigEndian.AppendUint64(nil, since+1)
		w, g := tx.Bucket(bucketChanges).Cursor(), tx.Bucket(bucketGone).Cursor()
		wk, wv := w.Seek(from)
		gk, gv := g.Seek(from)
		for len(keys) < n && (wk != nil || gk != nil) {
			if gk == nil || wk != nil && bytes.Compare(wk, gk) < 0 {
				keys, since = append(keys, feed.Key(wv)), binary.BigEndian.Uint64(wk)
				wk, wv = w.Next()
				continue
			}
			keys, since = append(keys, feed.Key(gv)), binary.BigEndian.Uint64(gk)
			gk, gv = g.Next()
		}
		return nil
	})
	return keys, strconv.FormatUint(since, 10), err
}
