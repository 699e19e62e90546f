package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A data folder this process may not write (a bind mount owned by
// another uid) is an error that names the folder and the fix.
func TestUnwritableDataFolder(t *testing.T) {
	if dir := os.Getenv("PAPERWIRE_TEST_UNWRITABLE"); dir != "" {
		checkUnwritable(t, dir) // the child, run as another user
		return
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() != 0 {
		checkUnwritable(t, dir)
		return
	}
	// root writes anywhere: rerun this test as nobody.
	if err := os.Chmod(filepath.Dir(dir), 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := asNobody(t, "TestUnwritableDataFolder", "PAPERWIRE_TEST_UNWRITABLE="+dir)
	if err != nil || !strings.Contains(out, "PASS") {
		t.Fatalf("as nobody: %v\n%s", err, out)
	}
}

func checkUnwritable(t *testing.T, dir string) {
	db := filepath.Join(dir, "data", "paperwire.db")
	_, _, err := runArgs(map[string]string{"PAPERWIRE_STORAGE_PATH": db}, "fetch")
	want := []string{"the data folder " + dir + " is not writable by this process (uid ", "chown -R",
		"docker run --user", "PAPERWIRE_STORAGE_PATH"}
	for _, w := range want {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q: %v", w, err)
		}
	}
}

// asNobody reruns one test of this binary as uid 65534.
func asNobody(t *testing.T, test string, env ...string) (string, error) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "paperwire.test")
	if err := copyFile(self, bin); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{filepath.Dir(bin), filepath.Dir(filepath.Dir(bin))} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bin, "-test.run=^"+test+"$", "-test.v")
	cmd.Env = append(os.Environ(), env...)
	cmd.Dir = "/"
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func copyFile(from, to string) error {
	raw, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, raw, 0o755)
}

// With base_url set (here from the environment, as in a container), self
// links, OPML and autodiscovery point at it, never at localhost; an empty
// sources list is warned about.
func TestBaseURLFromEnvironmentInLinks(t *testing.T) {
	addr := freePort(t)
	env := map[string]string{
		"PAPERWIRE_LISTEN":       addr,
		"PAPERWIRE_BASE_URL":     "https://papers.example.org/wire/",
		"PAPERWIRE_STORAGE_PATH": filepath.Join(t.TempDir(), "paperwire.db"),
	}
	cfg := writeFile(t, "sources: []\ntopics: [{slug: all, title: All}]\n")
	if _, stderr, err := runArgs(env, "check", "--config", cfg); err != nil || !strings.Contains(stderr, "warning: sources: the list is empty (line 1)") {
		t.Errorf("check does not warn of no sources: %v\n%s", err, stderr)
	}
	logs := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"paperwire", "--config", cfg}, func(k string) string { return env[k] }, io.Discard, logs)
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	for _, path := range []string{"/", "/topics/all", "/opml", "/topics/all.atom", "/topics/all.rss", "/topics/all.json"} {
		body := getWhenUp(t, "http://"+addr+path)
		if !strings.Contains(body, "https://papers.example.org/wire/") {
			t.Errorf("%s does not link the base URL:\n%s", path, body)
		}
		if strings.Contains(body, "localhost") || strings.Contains(body, addr) {
			t.Errorf("%s links the local address:\n%s", path, body)
		}
	}
	if !strings.Contains(logs.String(), "config: sources: the list is empty") {
		t.Errorf("serve did not log the empty sources:\n%s", logs)
	}
}

// getWhenUp GETs url, waiting (with a deadline) for the server to start.
func getWhenUp(t *testing.T, url string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(url)
		if err == nil {
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %s", url, resp.Status)
			}
			return string(body)
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s: %v", url, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
