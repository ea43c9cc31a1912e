package i18n

import (
	"strconv"
	"time"
)

func monthNames(l Lang) [12]string { return table(l).Months }

// FormatDate writes a calendar date the way the language writes it in
// running text: "22. juni 2023" in Norwegian and Danish, "22 June 2023" in
// English. Month names avoid the day/month ambiguity of numeric dates for
// readers from other countries.
func FormatDate(l Lang, d time.Time) string {
	day := strconv.Itoa(d.Day())
	month := monthNames(l)[d.Month()-1]
	year := strconv.Itoa(d.Year())
	if l != NB && l != DA {
		return day + " " + month + " " + year
	}
	return day + ". " + month + " " + year
}

// FormatDateTime writes a time of day on a date, as a deadline is given in
// running text: "2. februar 2026 kl. 13.00 CET" in Norwegian and Danish,
// "2 February 2026 at 13:00 CET" in English. t must already be in the
// reader's zone; its abbreviation is shown so nobody guesses.
func FormatDateTime(l Lang, t time.Time) string {
	zone, _ := t.Zone()
	hm := func(sep string) string {
		return pad2(t.Hour()) + sep + pad2(t.Minute())
	}
	switch l {
	case NB, DA:
		return FormatDate(l, t) + " kl. " + hm(".") + " " + zone
	}
	return FormatDate(l, t) + " at " + hm(":") + " " + zone
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
