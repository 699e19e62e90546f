package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/paperwire/paperwire/config"
)

// healthcheck asks the local server's /healthz (with --ready, /readyz as
// well): for container HEALTHCHECKs on images without curl. It reads the
// same config and environment as serve, so it follows a moved listen.
func (e *env) healthcheck(ctx context.Context, args []string) error {
	var ready bool
	_, cfgPath, err := e.flags("healthcheck", args, func(fs *flag.FlagSet) {
		fs.BoolVar(&ready, "ready", false, "also check /readyz: the store answers (not only the process)")
	})
	if err != nil {
		return err
	}
	if *cfgPath == "" && e.serverArgs != nil {
		*cfgPath = configArg(e.serverArgs()) // docker run IMAGE --config FILE
	}
	cfg, err := config.Load(*cfgPath, e.getenv)
	if err != nil {
		return err
	}
	base, err := localURL(cfg.Listen)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	paths := []string{"/healthz"}
	if ready {
		paths = append(paths, "/readyz")
	}
	for _, p := range paths {
		if err := probe(ctx, base+p); err != nil {
			return fmt.Errorf("healthcheck: %w", err)
		}
	}
	fmt.Fprintln(e.stdout, map[bool]string{false: "healthy", true: "healthy and ready"}[ready])
	return nil
}

// configArg finds the --config of a paperwire command line (the server's,
// as PID 1 of a container: the HEALTHCHECK runs beside it without its
// arguments). An init in front (docker run --init) is skipped.
func configArg(args []string) string {
	i := slices.IndexFunc(args, func(a string) bool { return filepath.Base(a) == "paperwire" })
	if i < 0 {
		return ""
	}
	for rest := args[i+1:]; len(rest) > 0; rest = rest[1:] {
		name, value, hasValue := strings.Cut(strings.TrimLeft(rest[0], "-"), "=")
		if !strings.HasPrefix(rest[0], "-") || name != "config" {
			continue
		}
		if hasValue {
			return value
		}
		if len(rest) > 1 {
			return rest[1]
		}
	}
	return ""
}

// pid1Args is the command line of this host's (or container's) PID 1.
func pid1Args() []string {
	raw, err := os.ReadFile("/proc/1/cmdline")
	if err != nil {
		return nil
	}
	return strings.Split(strings.TrimRight(string(raw), "\x00"), "\x00")
}

// localURL is where a server listening on listen answers on this host.
func localURL(listen string) (string, error) {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return "", fmt.Errorf("listen %q: %w", listen, err)
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port), nil
}

func probe(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("probe %s: %w", url, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("probe %s: %w", url, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s", url, resp.Status)
	}
	return nil
}
