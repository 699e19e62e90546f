package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/paperwire/paperwire/config"
)

// healthcheck asks the local server's /healthz: for container HEALTHCHECKs
// on images without curl.
func (e *env) healthcheck(ctx context.Context, args []string) error {
	_, cfgPath, err := e.flags("healthcheck", args, nil)
	if err != nil {
		return err
	}
	cfg, err := config.Load(*cfgPath, e.getenv)
	if err != nil {
		return err
	}
	_, port, err := net.SplitHostPort(cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen %q: %w", cfg.Listen, err)
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	url := "http://" + net.JoinHostPort("127.0.0.1", port) + "/healthz"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s answered %s", url, resp.Status)
	}
	fmt.Fprintln(e.stdout, "healthy")
	return nil
}
