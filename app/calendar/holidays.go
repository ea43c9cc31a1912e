package calendar

import "time"

// When a period ends. The GDPR counts its deadlines by Regulation (EEC,
// Euratom) No 1182/71, as the EDPB's Guidelines 01/2022 on the right of
// access apply it: a period in months ends on the day with the same number
// (or the month's last day, see AddMonths), and "where the last day of a
// period expressed otherwise than in hours is a public holiday, Sunday or
// Saturday, the period shall end with the expiry of the last hour of the
// following working day" (art. 3(4)); public holidays are those "designated
// as such in the Member State" (art. 2(1)), here the company's country.
//
// Norway: the helligdager of lov 24. februar 1995 nr. 12 om helligdager og
// helligdagsfred § 2 (Sundays, 1 January, Maundy Thursday, Good Friday,
// Easter Sunday and Monday, Ascension Day, Whit Sunday and Monday, 25 and
// 26 December), and 1 and 17 May, which lov 26. april 1947 nr. 1 om 1. og
// 17. mai som høgtidsdager § 1 puts on a par with Sundays.
//
// Denmark: the folkekirke's helligdage (the same Christian feasts as
// Norway's, without 1 and 17 May), and Store Bededag (the fourth Friday
// after Easter) until 2023: the act on the consequences of abolishing it
// (lov om konsekvenser ved afskaffelsen af store bededag som helligdag,
// bill L 13 of the Folketing's 2022-23 session) ended it as a holiday from
// 1 January 2024. Grundlovsdag (5 June), Christmas Eve
// and New Year's Eve are days off by agreement, not public holidays.

// Easter returns Easter Sunday of a year of the Gregorian calendar, by the
// anonymous Gregorian algorithm (Meeus/Jones/Butcher).
func Easter(year int) Date {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return Date{year, time.Month(month), day}
}

// Holidays returns the public holidays of a country (ISO 3166-1 alpha-2,
// "NO" or "DK") in a year, Sundays aside; any other country has none but
// Saturdays and Sundays, which IsWorkingDay always counts.
func Holidays(country string, year int) []Date {
	easter := Easter(year)
	fixed := func(m time.Month, d int) Date { return Date{year, m, d} }
	common := []Date{
		fixed(time.January, 1),
		easter.AddDays(-3), // Maundy Thursday
		easter.AddDays(-2), // Good Friday
		easter,
		easter.AddDays(1),  // Easter Monday
		easter.AddDays(39), // Ascension Day
		easter.AddDays(49), // Whit Sunday
		easter.AddDays(50), // Whit Monday
		fixed(time.December, 25),
		fixed(time.December, 26),
	}
	switch country {
	case "NO":
		return append(common, fixed(time.May, 1), fixed(time.May, 17))
	case "DK":
		if year <= 2023 {
			return append(common, easter.AddDays(26)) // Store Bededag
		}
		return common
	}
	return nil
}

// IsWorkingDay reports whether d is neither a Saturday, a Sunday nor a
// public holiday of the country.
func IsWorkingDay(country string, d Date) bool {
	switch d.Time().Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	for _, h := range Holidays(country, d.Year) {
		if h == d {
			return false
		}
	}
	return true
}

// NextWorkingDay returns d if it is a working day in the country, else
// the first working day after it: where a period ends (1182/71 art. 3(4)).
func NextWorkingDay(country string, d Date) Date {
	for !IsWorkingDay(country, d) {
		d = d.AddDays(1)
	}
	return d
}
