package i18n

import (
	"strconv"
	"time"
)

func monthNames(l Lang) [12]string {
	switch l {
	case NB:
		return [12]string{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"}
	case DA:
		return [12]string{"januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"}
	default:
		return [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	}
}

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
