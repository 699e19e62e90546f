package main

import (
	"fmt"
	"log"
	"time"
	_ "time/tzdata" // America/New_York without relying on the host's zoneinfo
)

var ny = mustLoc("America/New_York")

func mustLoc(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		log.Fatal(err)
	}
	return loc
}

// day parses YYYY-MM-DD as midnight in New York (arXiv announces at 20:00 ET
// the evening before, but listings and feeds are dated at midnight).
func day(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", s, ny)
	if err != nil {
		log.Fatal(err)
	}
	return t
}

// marchAnnouncements are the announcement days whose new submissions get
// 2403.NNNNN ids: day k owns the id block [k*1000+1, k*1000+999].
func marchAnnouncements() []time.Time {
	var days []time.Time
	for d := day("2024-03-04"); d.Month() == time.March; d = d.AddDate(0, 0, 1) {
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			days = append(days, d)
		}
	}
	return days
}

func blockOf(t time.Time) int {
	for k, d := range marchAnnouncements() {
		if d.Equal(t) {
			return k
		}
	}
	log.Fatalf("%s is not a March 2024 announcement day", t.Format("2006-01-02"))
	return 0
}

func addBusinessDays(t time.Time, n int) time.Time {
	last := day("2024-03-29")
	for n > 0 && t.Before(last) {
		t = t.AddDate(0, 0, 1)
		if t.Weekday() != time.Saturday && t.Weekday() != time.Sunday {
			n--
		}
	}
	return t
}

// submitted is when the version announced on announce was submitted: within
// the 24 hours before the 14:00 New York cutoff of the previous business day.
func submitted(p *Paper, announce time.Time, salt string) time.Time {
	prev := announce.AddDate(0, 0, -1)
	for prev.Weekday() == time.Saturday || prev.Weekday() == time.Sunday {
		prev = prev.AddDate(0, 0, -1)
	}
	cutoff := time.Date(prev.Year(), prev.Month(), prev.Day(), 14, 0, 0, 0, ny)
	back := time.Duration(hashN(fmt.Sprintf("%d/%s", p.Index, salt), 22*3600)+60) * time.Second
	return cutoff.Add(-back).UTC()
}

// utc parses an RFC 3339 time, for the times the fixtures state.
func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		log.Fatal(err)
	}
	return t.UTC()
}
