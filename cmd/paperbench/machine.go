package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
)

// machine describes where the numbers were measured.
type machine struct {
	cpu, memory, os, goVersion, tools string
	cores                             int
}

func describeMachine() machine {
	m := machine{cpu: cpuModel(), cores: runtime.NumCPU(), goVersion: strings.TrimPrefix(runtime.Version(), "go"), os: osName()}
	m.memory = memTotal()
	var tools []string
	for _, t := range [][]string{{"redis-server", "--version"}, {"wrk", "--version"}, {"nginx", "-v"}} {
		tools = append(tools, toolVersion(t[0], t[1:]...))
	}
	m.tools = strings.Join(tools, "; ")
	return m
}

func cpuModel() string {
	if v := procField("/proc/cpuinfo", "model name"); v != "" {
		return v
	}
	return runtime.GOARCH
}

func memTotal() string {
	v := procField("/proc/meminfo", "MemTotal")
	var kb int64
	if _, err := fmt.Sscanf(v, "%d kB", &kb); err != nil {
		return "memory unknown"
	}
	return fmt.Sprintf("%.0f GiB RAM", float64(kb)/(1<<20))
}

func osName() string {
	if v := procField("/etc/os-release", "PRETTY_NAME"); v != "" {
		return strings.Trim(v, `"`)
	}
	return runtime.GOOS
}

// procField returns the value of the first "name: value" or "name=value"
// line of a file.
func procField(path, name string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			k, v, ok = strings.Cut(line, "=")
		}
		if ok && strings.TrimSpace(k) == name {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// toolVersion is the first line a program prints about its version, or
// that it is missing.
func toolVersion(name string, args ...string) string {
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil && len(out) == 0 {
		return name + " missing"
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return line
}
