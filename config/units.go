package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Duration is a time.Duration written as "90s", "48h" or "60d".
type Duration time.Duration

// D returns the duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// UnmarshalYAML accepts Go durations plus a "d" (day) unit.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	if err := d.parse(n.Value); err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	return nil
}

func (d *Duration) parse(s string) error {
	v, err := ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

func (*Duration) want() string { return "a duration like 30s, 15m, 1h or 60d" }

// MarshalYAML writes the duration the way it is read.
func (d Duration) MarshalYAML() (any, error) { return FormatDuration(d.D()), nil }

// ParseDuration reads "90s", "1h30m" or "60d".
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseFloat(days, 64)
		if err != nil {
			return 0, fmt.Errorf("invalid duration %q", s)
		}
		return time.Duration(n * float64(24*time.Hour)), nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q (use e.g. 30s, 1h, 60d)", s)
	}
	return v, nil
}

// FormatDuration writes whole days as "60d", everything else as Go does.
func FormatDuration(d time.Duration) string {
	if d >= 24*time.Hour && d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// ByteSize is a size written as "16MiB", "512KiB" or a number of bytes.
type ByteSize int64

// UnmarshalYAML accepts B, KiB, MiB, GiB (and KB, MB, GB as binary units).
func (b *ByteSize) UnmarshalYAML(n *yaml.Node) error {
	if err := b.parse(n.Value); err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	return nil
}

func (b *ByteSize) parse(s string) error {
	v, err := ParseByteSize(s)
	if err != nil {
		return err
	}
	*b = ByteSize(v)
	return nil
}

func (*ByteSize) want() string { return "a size like 512KiB or 16MiB" }

// MarshalYAML writes the size in the largest whole unit.
func (b ByteSize) MarshalYAML() (any, error) {
	for _, u := range []struct {
		name string
		size int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if b >= ByteSize(u.size) && int64(b)%u.size == 0 {
			return fmt.Sprintf("%d%s", int64(b)/u.size, u.name), nil
		}
	}
	return int64(b), nil
}

// ParseByteSize reads "16MiB", "512KiB", "1GiB" or "1048576".
func ParseByteSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	units := []struct {
		suffix string
		mult   int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"B", 1}}
	for _, u := range units {
		if num, ok := strings.CutSuffix(s, u.suffix); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
			if err != nil || n < 0 {
				return 0, fmt.Errorf("invalid size %q (use e.g. 16MiB)", s)
			}
			return n * u.mult, nil
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("invalid size %q (use e.g. 16MiB)", s)
	}
	return n, nil
}

// Retention is how long papers are kept: at least a day, or Forever.
type Retention time.Duration

// Forever keeps every paper: "retention: forever". It is the longest
// duration, so a cutoff of now minus Forever is centuries ago.
const Forever = Retention(math.MaxInt64)

// D returns the retention as a duration (Forever: about 292 years).
func (r Retention) D() time.Duration { return time.Duration(r) }

func (r *Retention) parse(s string) error {
	if strings.TrimSpace(s) == "forever" {
		*r = Forever
		return nil
	}
	v, err := ParseDuration(s)
	if err != nil {
		return err
	}
	if v < 24*time.Hour {
		return fmt.Errorf("retention %s is shorter than a day", FormatDuration(v))
	}
	*r = Retention(v)
	return nil
}

func (*Retention) want() string {
	return "a duration of a day or more like 60d, or forever (keep every paper)"
}

// UnmarshalYAML reads "60d" or "forever".
func (r *Retention) UnmarshalYAML(n *yaml.Node) error {
	if err := r.parse(n.Value); err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	return nil
}

// MarshalYAML writes "forever" or the duration.
func (r Retention) MarshalYAML() (any, error) {
	if r == Forever {
		return "forever", nil
	}
	return FormatDuration(r.D()), nil
}
