package requests

import (
	"privacyportal/app/calendar"
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
		country  string    // NO unless set
	}{
		{"ordinary", "2026-03-16T10:00:00Z", [3]string{"2026-03-16", "2026-04-16", "2026-06-16"}, ""},
		// 28 February 2026 is a Saturday: the period ends on Monday 2 March.
		{"31 January gives the last day of February, then the next working day", "2026-01-31T12:00:00Z", [3]string{"2026-01-31", "2026-03-02", "2026-04-30"}, ""},
		{"31 January in a leap year", "2028-01-31T12:00:00Z", [3]string{"2028-01-31", "2028-02-29", "2028-05-02"}, ""},
		{"30 January", "2026-01-30T12:00:00Z", [3]string{"2026-01-30", "2026-03-02", "2026-04-30"}, ""},
		{"31 March to 30 April", "2026-03-31T08:00:00Z", [3]string{"2026-03-31", "2026-04-30", "2026-06-30"}, ""},
		{"31 August to 30 September, 30 November", "2026-08-31T08:00:00Z", [3]string{"2026-08-31", "2026-09-30", "2026-11-30"}, ""},
		{"over the year end", "2026-11-30T08:00:00Z", [3]string{"2026-11-30", "2026-12-30", "2027-03-01"}, ""},
		{"31 December", "2026-12-31T08:00:00Z", [3]string{"2026-12-31", "2027-02-01", "2027-03-31"}, ""},
		// 23:30 UTC on 31 January is already 1 February in Oslo (CET).
		{"late evening UTC is the next day in Oslo", "2026-01-31T23:30:00Z", [3]string{"2026-02-01", "2026-03-02", "2026-05-04"}, ""},
		// 22:30 UTC on 30 June is 00:30 on 1 July in summer time (CEST).
		{"summer time", "2026-06-30T22:30:00Z", [3]string{"2026-07-01", "2026-08-03", "2026-10-01"}, ""},
		{"just before summer time ends", "2026-10-25T00:59:00Z", [3]string{"2026-10-25", "2026-11-25", "2027-01-25"}, ""},
		// The case: filed 2 December, due Saturday 2 January.
		{"due on a Saturday moves to Monday", "2026-12-02T10:00:00Z", [3]string{"2026-12-02", "2027-01-04", "2027-03-02"}, ""},
		// 2 April 2026 is Maundy Thursday: Thursday to Monday are holidays.
		{"due at Easter moves past it", "2026-03-02T10:00:00Z", [3]string{"2026-03-02", "2026-04-07", "2026-06-02"}, ""},
		// 17 May 2028 is a Wednesday (in 2027 it is Whit Monday too).
		{"17 May in Norway", "2028-04-17T10:00:00Z", [3]string{"2028-04-17", "2028-05-18", "2028-07-17"}, ""},
		{"17 May is a working day in Denmark", "2028-04-17T10:00:00Z", [3]string{"2028-04-17", "2028-05-17", "2028-07-17"}, "DK"},
		{"Store Bededag in 2023", "2023-04-05T10:00:00Z", [3]string{"2023-04-05", "2023-05-08", "2023-07-05"}, "DK"},
		{"no Store Bededag from 2024", "2024-03-26T10:00:00Z", [3]string{"2024-03-26", "2024-04-26", "2024-06-26"}, "DK"},
		{"Christmas", "2026-11-25T10:00:00Z", [3]string{"2026-11-25", "2026-12-28", "2027-02-25"}, "DK"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			country := tt.country
			if country == "" {
				country = "NO"
			}
			d := DeadlinesFor(country, at(tt.received))
			got := [3]string{d.Received.String(), d.Due.String(), d.Latest.String()}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			for _, x := range []calendar.Date{d.Due, d.Latest} {
				if !calendar.IsWorkingDay(country, x) {
					t.Errorf("%s is not a working day", x)
				}
			}
		})
	}
}

// Across years and both countries: every deadline is a working day, never
// before the calendar month's end date, and no more than the days a run of
// weekend and holidays can add (Easter's Thursday to Monday, then a
// weekend: at most five).
func TestDeadlinesAcrossYears(t *testing.T) {
	for _, country := range []string{"NO", "DK"} {
		for day := time.Date(2020, 1, 1, 12, 0, 0, 0, time.UTC); day.Year() < 2040; day = day.AddDate(0, 0, 1) {
			d := DeadlinesFor(country, day)
			for months, got := range map[int]calendar.Date{1: d.Due, 3: d.Latest} {
				plain := d.Received.AddMonths(months)
				if !calendar.IsWorkingDay(country, got) || got.Before(plain) || plain.AddDays(5).Before(got) {
					t.Fatalf("%s, received %s: %d months gives %s (calendar %s)", country, d.Received, months, got, plain)
				}
				// The day it gives is the first working day from the calendar date.
				for x := plain; x.Before(got); x = x.AddDays(1) {
					if calendar.IsWorkingDay(country, x) {
						t.Fatalf("%s, received %s: %s skipped the working day %s", country, d.Received, got, x)
					}
				}
			}
		}
	}
}
