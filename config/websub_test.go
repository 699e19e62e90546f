package config

import (
	"strings"
	"testing"
)

func TestWebSubHubURL(t *testing.T) {
	c, err := Load(write(t, "base_url: https://papers.example.org/\npublish:\n  websub: {enabled: true, allow_private: true}\n"), noenv)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.HubURL(); got != "https://papers.example.org/websub" {
		t.Errorf("hub URL %q", got)
	}
	if !c.Publish.WebSub.AllowPrivate {
		t.Error("allow_private not read")
	}
	off, err := Load(write(t, "publish: {hub: 'https://hub.example.net/'}\n"), noenv)
	if err != nil {
		t.Fatal(err)
	}
	if got := off.HubURL(); got != "https://hub.example.net/" || off.Publish.WebSub.Enabled {
		t.Errorf("websub off: hub URL %q, enabled %v", got, off.Publish.WebSub.Enabled)
	}
}

func TestWebSubProblems(t *testing.T) {
	_, err := Load(write(t, "publish:\n  hub: https://hub.example.net/\n  websub: {enabled: yes please, allow_privat: true}\n"), noenv)
	if err == nil {
		t.Fatal("bad websub block accepted")
	}
	for _, want := range []string{"publish.websub.enabled", "publish.websub.allow_privat"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not name %s:\n%v", want, err)
		}
	}
	_, err = Load(write(t, "publish:\n  hub: https://hub.example.net/\n  websub: {enabled: true}\n"), noenv)
	if err == nil || !strings.Contains(err.Error(), "publish.hub: want nothing while publish.websub.enabled is true") {
		t.Errorf("external hub with the built-in one: %v", err)
	}
}
