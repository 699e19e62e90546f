package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
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
