package calendar

import (
	"testing"
	"time"
)

func TestLocalTimeSwitches(t *testing.T) {
	tests := []struct {
		utc, want string
	}{
		{"2026-03-29T00:59:00Z", "01:59 CET"},
		{"2026-03-29T01:00:00Z", "03:00 CEST"},
		{"2026-10-25T00:59:00Z", "02:59 CEST"},
		{"2026-10-25T01:00:00Z", "02:00 CET"},
	}
	for _, tt := range tests {
		u, _ := time.Parse(time.RFC3339, tt.utc)
		if got := LocalTime(u).Format("15:04 MST"); got != tt.want {
			t.Errorf("LocalTime(%s) = %s, want %s", tt.utc, got, tt.want)
		}
	}
}

// The written-out rule agrees with the time zone database for Oslo and
// Copenhagen, hour by hour over several years, where the host has one.
func TestLocalTimeMatchesZoneDatabase(t *testing.T) {
	for _, name := range []string{"Europe/Oslo", "Europe/Copenhagen"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Skipf("no time zone database: %v", err)
		}
		for u := time.Date(2024, 1, 1, 0, 30, 0, 0, time.UTC); u.Year() < 2031; u = u.Add(time.Hour) {
			want := u.In(loc)
			got := LocalTime(u)
			_, wantOff := want.Zone()
			_, gotOff := got.Zone()
			if wantOff != gotOff {
				t.Fatalf("%s at %s: offset %d, want %d", name, u, gotOff, wantOff)
			}
		}
	}
}
