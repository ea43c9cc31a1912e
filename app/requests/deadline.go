package requests

import (
	"privacyportal/app/calendar"
	"time"
)

// Deadlines are the dates of GDPR art. 12(3) for a request received on a
// given day: the answer is due within one month; the company may extend
// that by two further months where necessary, but must tell the customer
// so, with reasons, within the first month. Each period that ends on a
// Saturday, a Sunday or a public holiday of the company's country ends on
// the next working day instead (see holidays.go).
type Deadlines struct {
	Received calendar.Date
	Due      calendar.Date // one month after receipt, on a working day
	Latest   calendar.Date // three months after receipt, on a working day, if extended
}

// DeadlinesFor returns the deadlines for a request that a company in the
// country (ISO 3166-1 alpha-2) received at t. The portal computes them
// once, when the request reaches the company (its confirmation), and
// stores them with the request.
func DeadlinesFor(country string, received time.Time) Deadlines {
	d := calendar.DateOf(received)
	return Deadlines{
		Received: d,
		Due:      calendar.NextWorkingDay(country, d.AddMonths(1)),
		Latest:   calendar.NextWorkingDay(country, d.AddMonths(3)),
	}
}
