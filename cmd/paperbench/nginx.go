package main

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
)

// nginxConf serves root as static files with gzip_static, the way a
// static feed host would, with two workers (one per core here).
const nginxConf = `worker_processes 2;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path %[1]s/tmp;
  proxy_temp_path %[1]s/tmp;
  fastcgi_temp_path %[1]s/tmp;
  uwsgi_temp_path %[1]s/tmp;
  scgi_temp_path %[1]s/tmp;
  types { application/rss+xml rss; }
  server {
    listen %[2]s;
    root %[1]s/www;
    gzip_static on;
    etag on;
    add_header Cache-Control "public, max-age=1800";
  }
}
`

// startNginx serves plain (and its .gz twin) as /all.rss.
func (b *bench) startNginx(plain, gz []byte) (*helper, error) {
	if _, err := exec.LookPath("nginx"); err != nil {
		return nil, fmt.Errorf("nginx not found; install with: %s", install)
	}
	dir := b.mkdir("nginx")
	for _, d := range []string{"www", "tmp"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return nil, fmt.Errorf("nginx: %w", err)
		}
	}
	// nginx's workers run as nobody: the files must be world-readable.
	for _, p := range []string{b.dir, dir, filepath.Join(dir, "www")} {
		_ = os.Chmod(p, 0o755)
	}
	if err := writeFiles(filepath.Join(dir, "www", "all.rss"), plain, gz); err != nil {
		return nil, err
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	conf := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(conf, fmt.Appendf(nil, nginxConf, dir, addr), 0o644); err != nil {
		return nil, fmt.Errorf("nginx: %w", err)
	}
	cmd := exec.Command("nginx", "-p", dir, "-c", conf, "-g", "daemon off;")
	return startHelper(cmd, "http://"+addr)
}

func writeFiles(path string, plain, gz []byte) error {
	if err := os.WriteFile(path, plain, 0o644); err != nil {
		return fmt.Errorf("nginx: %w", err)
	}
	if err := os.WriteFile(path+".gz", gz, 0o644); err != nil {
		return fmt.Errorf("nginx: %w", err)
	}
	return nil
}

// etagOf asks a server for the ETag of a URL (gzip or not).
func etagOf(url string, gzip bool) (string, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return "", fmt.Errorf("etag: %w", err)
	}
	if gzip {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return "", fmt.Errorf("etag of %s: %w", url, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") == "" {
		return "", fmt.Errorf("etag of %s: %s, ETag %q", url, resp.Status, resp.Header.Get("ETag"))
	}
	return resp.Header.Get("ETag"), nil
}
