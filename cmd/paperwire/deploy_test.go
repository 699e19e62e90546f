package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/paperwire/paperwire/config"
)

// unwritableEnv names the variable that holds the folder of
// TestUnwritableDataFolder when it is rerun as another user.
const unwritableEnv = "PAPERWIRE_TEST_UNWRITABLE"

// A data folder this process may not write (a bind mount owned by
// another uid) is an error that names the folder and the fix.
func TestUnwritableDataFolder(t *testing.T) {
	if dir := os.Getenv(unwritableEnv); dir != "" {
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
	out, err := asNobody(t, "TestUnwritableDataFolder", unwritableEnv+"="+dir)
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
	out, stderr, err := runArgs(env, "check", "--config", cfg)
	if err != nil || !strings.Contains(stderr, "warning: sources: the list is empty (line 1)") {
		t.Errorf("check does not warn of no sources: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "# set by the environment, over the file: listen from PAPERWIRE_LISTEN, base_url from PAPERWIRE_BASE_URL, storage.path from PAPERWIRE_STORAGE_PATH") {
		t.Errorf("check does not say what the environment set:\n%s", out)
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

// In a container the HEALTHCHECK runs beside serve without its
// arguments: a --config given to serve is found on PID 1's command line.
func TestHealthcheckFindsTheServersConfig(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"/usr/local/bin/paperwire", "--config", "/etc/p.yaml"}, "/etc/p.yaml"},
		{[]string{"/sbin/docker-init", "--", "/usr/local/bin/paperwire", "serve", "-config=/etc/p.yaml"}, "/etc/p.yaml"},
		{[]string{"paperwire", "serve"}, ""},
		{[]string{"/sbin/init", "--config", "/etc/x"}, ""},
		{nil, ""},
	} {
		if got := configArg(tc.args); got != tc.want {
			t.Errorf("configArg(%q) = %q, want %q", tc.args, got, tc.want)
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer srv.Close()
	cfg := writeFile(t, "listen: "+strings.TrimPrefix(srv.URL, "http://")+"\n")
	var out syncBuffer
	e := &env{getenv: func(string) string { return "" }, stdout: &out, stderr: io.Discard,
		serverArgs: func() []string { return []string{"/usr/local/bin/paperwire", "--config", cfg} }}
	if err := e.healthcheck(context.Background(), []string{"--ready"}); err != nil || !strings.Contains(out.String(), "healthy and ready") {
		t.Errorf("healthcheck beside `paperwire --config %s`: %v", cfg, err)
	}
}

// The command lines of the Dockerfile, compose.yaml and the systemd unit
// are ones paperwire accepts, and compose sets only variables it reads.
func TestDeploymentFilesSpeakTheCLI(t *testing.T) {
	docker := readRepoFile(t, "Dockerfile")
	var lines [][]string
	for _, instr := range []string{"ENTRYPOINT", "CMD", "  CMD"} {
		for _, l := range strings.Split(docker, "\n") {
			if rest, ok := strings.CutPrefix(l, instr+" "); ok {
				var args []string
				if err := json.Unmarshal([]byte(rest), &args); err != nil {
					t.Fatalf("Dockerfile %s is not exec form: %s", instr, rest)
				}
				lines = append(lines, args)
			}
		}
	}
	if len(lines) != 3 || lines[0][0] != "/usr/local/bin/paperwire" {
		t.Fatalf("Dockerfile: want ENTRYPOINT, CMD and HEALTHCHECK CMD, got %q", lines)
	}
	lines = [][]string{append(lines[0], lines[1]...), lines[2]}
	var compose struct {
		Services map[string]struct {
			Environment map[string]string
			Healthcheck struct{ Test []string }
		}
	}
	if err := yaml.Unmarshal([]byte(readRepoFile(t, "examples/compose.yaml")), &compose); err != nil {
		t.Fatal(err)
	}
	pw := compose.Services["paperwire"]
	lines = append(lines, pw.Healthcheck.Test[1:])
	for k := range pw.Environment {
		if !slices.ContainsFunc(config.EnvVars(), func(v config.EnvVar) bool { return v.Name == k }) {
			t.Errorf("compose.yaml sets %s, which paperwire does not read", k)
		}
	}
	for _, l := range strings.Split(readRepoFile(t, "examples/paperwire.service"), "\n") {
		if rest, ok := strings.CutPrefix(l, "ExecStart="); ok {
			lines = append(lines, strings.Fields(rest))
		}
	}
	for _, args := range lines {
		if filepath.Base(args[0]) != "paperwire" {
			t.Errorf("%q does not run paperwire", args)
			continue
		}
		out, _, err := runArgs(nil, append(args[1:], "--help")...)
		if err != nil || !strings.Contains(out, "Usage: paperwire ") {
			t.Errorf("%q --help: %v\n%s", args, err, out)
		}
	}
}

func readRepoFile(t *testing.T, name string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}
