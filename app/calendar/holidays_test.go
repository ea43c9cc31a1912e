package calendar

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestEaster(t *testing.T) {
	// Easter Sundays as the almanacs give them, early, late and leap years.
	want := map[int]string{
		1818: "1818-03-22", 1943: "1943-04-25", 2000: "2000-04-23", 2008: "2008-03-23", 2011: "2011-04-24",
		2019: "2019-04-21", 2023: "2023-04-09", 2024: "2024-03-31", 2025: "2025-04-20", 2026: "2026-04-05",
		2027: "2027-03-28", 2028: "2028-04-16", 2029: "2029-04-01", 2030: "2030-04-21", 2038: "2038-04-25",
		2076: "2076-04-19", 2285: "2285-03-22",
	}
	for year, date := range want {
		if got := Easter(year).String(); got != date {
			t.Errorf("Easter(%d) = %s, want %s", year, got, date)
		}
	}
	// Always a Sunday between 22 March and 25 April.
	for year := 1900; year <= 2200; year++ {
		e := Easter(year)
		if e.Time().Weekday() != time.Sunday || e.Before(Date{year, time.March, 22}) || (Date{year, time.April, 25}).Before(e) {
			t.Errorf("Easter(%d) = %s", year, e)
		}
	}
}

func TestHolidays(t *testing.T) {
	strs := func(ds []Date) []string {
		var out []string
		for _, d := range ds {
			out = append(out, d.String())
		}
		return out
	}
	for _, tc := range []struct {
		country string
		year    int
		want    []string
	}{
		{"NO", 2026, []string{"2026-01-01", "2026-04-02", "2026-04-03", "2026-04-05", "2026-04-06", "2026-05-14",
			"2026-05-24", "2026-05-25", "2026-12-25", "2026-12-26", "2026-05-01", "2026-05-17"}},
		{"DK", 2023, []string{"2023-01-01", "2023-04-06", "2023-04-07", "2023-04-09", "2023-04-10", "2023-05-18",
			"2023-05-28", "2023-05-29", "2023-12-25", "2023-12-26", "2023-05-05"}},
		{"DK", 2024, []string{"2024-01-01", "2024-03-28", "2024-03-29", "2024-03-31", "2024-04-01", "2024-05-09",
			"2024-05-19", "2024-05-20", "2024-12-25", "2024-12-26"}},
	} {
		if diff := cmp.Diff(tc.want, strs(Holidays(tc.country, tc.year))); diff != "" {
			t.Errorf("%s %d (-want +got):\n%s", tc.country, tc.year, diff)
		}
	}
}

func TestNextWorkingDay(t *testing.T) {
	d := func(s string) Date {
		x, ok := ParseDate(s)
		if !ok {
			t.Fatal(s)
		}
		return x
	}
	for _, tc := range []struct{ country, in, want string }{
		{"NO", "2027-01-02", "2027-01-04"}, // Saturday
		{"NO", "2027-01-03", "2027-01-04"}, // Sunday
		{"NO", "2027-01-04", "2027-01-04"}, // Monday
		{"NO", "2026-04-02", "2026-04-07"}, // Maundy Thursday to Tuesday after Easter
		{"DK", "2026-04-02", "2026-04-07"},
		{"NO", "2026-05-01", "2026-05-04"}, // 1 May, a Friday, in Norway
		{"DK", "2026-05-01", "2026-05-01"}, // a working day in Denmark
		{"NO", "2026-05-14", "2026-05-15"}, // Ascension Day
		{"NO", "2025-05-17", "2025-05-19"}, // 17 May on a Saturday
		{"NO", "2027-05-17", "2027-05-18"}, // 17 May, a Monday
		{"DK", "2023-05-05", "2023-05-08"}, // Store Bededag 2023
		{"DK", "2024-04-26", "2024-04-26"}, // no longer from 2024
		{"NO", "2026-12-25", "2026-12-28"}, // Christmas, Friday and Saturday
		{"DK", "2026-06-05", "2026-06-05"}, // Grundlovsdag is not a public holiday
		{"NO", "2026-12-24", "2026-12-24"}, // nor Christmas Eve
		{"SE", "2026-12-26", "2026-12-28"}, // another country: weekends only
	} {
		if got := NextWorkingDay(tc.country, d(tc.in)).String(); got != tc.want {
			t.Errorf("NextWorkingDay(%s, %s) = %s, want %s", tc.country, tc.in, got, tc.want)
		}
	}
}
