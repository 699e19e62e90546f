package bolt_test

import (
	"path/filepath"
	"testing"

	"github.com/paperwire/paperwire/storage/bolt"
	"github.com/paperwire/paperwire/storage/storagetest"
)

func BenchmarkMerge(b *testing.B) {
	s, err := bolt.Open(filepath.Join(b.TempDir(), "paperwire.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	storagetest.BenchMerge(b, s)
}
