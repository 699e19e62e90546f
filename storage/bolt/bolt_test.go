package bolt_test

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/paperwire/paperwire/storage"
	"github.com/paperwire/paperwire/storage/bolt"
	"github.com/paperwire/paperwire/storage/storagetest"
)

func TestConformance(t *testing.T) {
	t.Parallel()
	storagetest.Run(t, func(t *testing.T) storage.Store {
		s, err := bolt.Open(filepath.Join(t.TempDir(), "data", "paperwire.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

// A second open of a file held by a running process fails at once with a
// message that says why, instead of hanging on the lock.
func TestSecondOpenSaysLocked(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "paperwire.db")
	s, err := bolt.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = bolt.Open(path)
	if !errors.Is(err, bolt.ErrLocked) {
		t.Fatalf("second open: %v, want ErrLocked", err)
	}
	t.Log(err)
}
