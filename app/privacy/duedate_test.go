package privacy

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestDeadlines(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name     string
		received string
		want     [3]string // received, due, latest
	}{
		{"ordinary", "2026-03-15T10:00:00Z", [3]string{"2026-03-15", "2026-04-15", "2026-06-15"}},
		{"31 January gives the last day of February", "2026-01-31T12:00:00Z", [3]string{"2026-01-31", "2026-02-28", "2026-04-30"}},
		{"31 January in a leap year", "2028-01-31T12:00:00Z", [3]string{"2028-01-31", "2028-02-29", "2028-04-30"}},
		{"30 January", "2026-01-30T12:00:00Z", [3]string{"2026-01-30", "2026-02-28", "2026-04-30"}},
		{"31 March to 30 April", "2026-03-31T08:00:00Z", [3]string{"2026-03-31", "2026-04-30", "2026-06-30"}},
		{"31 August to 30 September, 30 November", "2026-08-31T08:00:00Z", [3]string{"2026-08-31", "2026-09-30", "2026-11-30"}},
		{"over the year end", "2026-11-30T08:00:00Z", [3]string{"2026-11-30", "2026-12-30", "2027-02-28"}},
		{"31 December", "2026-12-31T08:00:00Z", [3]string{"2026-12-31", "2027-01-31", "2027-03-31"}},
		// 23:30 UTC on 31 January is already 1 February in Oslo (CET).
		{"late evening UTC is the next day in Oslo", "2026-01-31T23:30:00Z", [3]string{"2026-02-01", "2026-03-01", "2026-05-01"}},
		// 22:30 UTC on 30 June is 00:30 on 1 July in summer time (CEST).
		{"summer time", "2026-06-30T22:30:00Z", [3]string{"2026-07-01", "2026-08-01", "2026-10-01"}},
		{"just before summer time ends", "2026-10-25T00:59:00Z", [3]string{"2026-10-25", "2026-11-25", "2027-01-25"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := DeadlinesFor(at(tt.received))
			got := [3]string{d.Received.String(), d.Due.String(), d.Latest.String()}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

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
