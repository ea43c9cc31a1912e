package calendar

import "time"

// The portal's companies are in Norway and Denmark, which keep the same
// time: CET (UTC+1) in winter and CEST (UTC+2) from the last Sunday of
// March to the last Sunday of October, switching at 01:00 UTC, by the
// EU summer-time directive both follow. The rule is written out here so
// that neither the browser app nor the Worker needs the time zone database.

// LocalTime returns t on the wall clock of Oslo and Copenhagen, in a fixed
// zone named CET or CEST.
func LocalTime(t time.Time) time.Time {
	t = t.UTC()
	start := lastSunday(t.Year(), time.March).Add(time.Hour)
	end := lastSunday(t.Year(), time.October).Add(time.Hour)
	if !t.Before(start) && t.Before(end) {
		return t.In(time.FixedZone("CEST", 2*60*60))
	}
	return t.In(time.FixedZone("CET", 60*60))
}

// lastSunday is midnight UTC of the last Sunday of the month.
func lastSunday(year int, month time.Month) time.Time {
	d := time.Date(year, month+1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	return d.AddDate(0, 0, -int(d.Weekday()))
}

// Date is a calendar date, with no time of day or zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar date of t in Oslo and Copenhagen.
func DateOf(t time.Time) Date {
	l := LocalTime(t)
	return Date{l.Year(), l.Month(), l.Day()}
}

// ParseDate reads a date written YYYY-MM-DD.
func ParseDate(s string) (Date, bool) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, false
	}
	return Date{t.Year(), t.Month(), t.Day()}, true
}

// String writes the date as YYYY-MM-DD, and no date (the zero Date) as "".
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format(time.DateOnly)
}

// IsZero reports whether d is no date at all.
func (d Date) IsZero() bool { return d == Date{} }

// Time is midnight UTC of the date, for formatting and comparison.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.Time().Before(e.Time()) }

// AddDays returns the date n days later.
func (d Date) AddDays(n int) Date {
	t := d.Time().AddDate(0, 0, n)
	return Date{t.Year(), t.Month(), t.Day()}
}

// AddMonths returns the same date n months later or, when that month is
// too short, its last day: one month from 31 January is the last day of
// February. This is how EU law counts periods in months (Regulation (EEC,
// Euratom) No 1182/71, art. 3(2)(c)), and so how the GDPR's deadlines run.
func (d Date) AddMonths(n int) Date {
	first := time.Date(d.Year, d.Month+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	day := d.Day
	if day > last {
		day = last
	}
	return Date{first.Year(), first.Month(), day}
}
