package privacy

import (
	"strconv"
	"sync"

	"privacyportal/app/i18n"
)

// Message returns the message for a validation error, in the customer's
// language, written to be shown next to the field: it says what to do, not
// only what is wrong. The messages live here, beside the rules, so the
// browser app and the Worker always say the same thing.
func Message(lang i18n.Lang, e FieldError) string {
	m := messages(lang)
	if s, ok := m[e.Field+"."+e.Problem]; ok {
		return s
	}
	if e.Problem == ErrTooLong {
		return i18n.Fill(m[ErrTooLong], "max", strconv.Itoa(maxFor(e.Field)))
	}
	if s, ok := m[e.Problem]; ok {
		return s
	}
	return m[ErrInvalid]
}

// Messages returns every error of a validation as field: message, the shape
// of the API's 422 answer.
func Messages(lang i18n.Lang, errs []FieldError) map[string]string {
	out := make(map[string]string, len(errs))
	for _, e := range errs {
		out[e.Field] = Message(lang, e)
	}
	return out
}

func maxFor(field string) int {
	switch field {
	case "name":
		return MaxName
	case "email":
		return MaxEmail
	case "customer_number", "registration_number", "vin":
		return MaxIdentifier
	case "wrong", "correct":
		return MaxDetail
	}
	return MaxText
}

// messages is the table of field error messages in lang, built on first
// use and read-only.
func messages(lang i18n.Lang) map[string]string {
	switch lang {
	case i18n.NB:
		return nbMessages()
	case i18n.DA:
		return daMessages()
	}
	return enMessages()
}

// The tables of messages; constant once built.
var (
	nbMessages = sync.OnceValue(func() map[string]string { return buildMessages(i18n.NB) })
	daMessages = sync.OnceValue(func() map[string]string { return buildMessages(i18n.DA) })
	enMessages = sync.OnceValue(func() map[string]string { return buildMessages(i18n.EN) })
)

func buildMessages(lang i18n.Lang) map[string]string {
	switch lang {
	case i18n.NB:
		return map[string]string{
			ErrRequired:     "Fyll ut dette feltet.",
			ErrTooLong:      "Teksten kan være høyst {max} tegn.",
			ErrInvalid:      "Sjekk hva du har skrevet her.",
			ErrControlChars: "Fjern spesialtegn som linjeskift fra dette feltet.",
			ErrChoice:       "Velg et av alternativene.",

			"type.required":               "Velg hva du vil be om.",
			"name.required":               "Skriv navnet ditt.",
			"email.required":              "Skriv e-postadressen din. Vi sender en bekreftelse dit.",
			"email.invalid":               "Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no.",
			"phone.invalid":               "Skriv et gyldig telefonnummer, for eksempel 912 34 567 eller +47 912 34 567.",
			"registration_number.invalid": "Skriv registreringsnummeret slik det står på skiltet, for eksempel AB 12345.",
			"vin.invalid":                 "Understellsnummeret (VIN) har 17 tegn: bokstaver og tall, men ikke I, O eller Q.",
			"wrong.required":              "Skriv hvilke opplysninger som er feil.",
			"correct.required":            "Skriv hva som er riktig.",
			"format.required":             "Velg hvilket format du vil ha opplysningene i.",
			"objection_scope.required":    "Velg hva du protesterer mot.",
			"text.required":               "Skriv hva henvendelsen gjelder.",
			"channels.required":           "Velg minst én kanal, eller si nei til telefon eller post.",
			"channels.choice":             "Velg blant kanalene selskapet bruker.",
			"reserve.choice":              "Du kan si nei til telefon og post, men ikke ja og nei til samme kanal.",
			"phone.required":              "Skriv mobilnummeret ditt. Det trengs for SMS og telefon.",
			"street.required":             "Skriv gateadressen din. Den trengs for post.",
			"postal_code.required":        "Skriv postnummeret ditt.",
			"postal_code.invalid":         "Postnummeret har fire sifre.",
			"city.required":               "Skriv poststedet ditt.",
		}
	case i18n.DA:
		return map[string]string{
			ErrRequired:     "Udfyld dette felt.",
			ErrTooLong:      "Teksten må højst være {max} tegn.",
			ErrInvalid:      "Kontrollér, hvad du har skrevet her.",
			ErrControlChars: "Fjern specialtegn som linjeskift fra dette felt.",
			ErrChoice:       "Vælg en af mulighederne.",

			"type.required":               "Vælg, hvad du vil bede om.",
			"name.required":               "Skriv dit navn.",
			"email.required":              "Skriv din e-mailadresse. Vi sender en bekræftelse dertil.",
			"email.invalid":               "Skriv en gyldig e-mailadresse, for eksempel navn@eksempel.dk.",
			"phone.invalid":               "Skriv et gyldigt telefonnummer, for eksempel 12 34 56 78 eller +45 12 34 56 78.",
			"registration_number.invalid": "Skriv registreringsnummeret, som det står på nummerpladen, for eksempel AB 12 345.",
			"vin.invalid":                 "Stelnummeret (VIN) har 17 tegn: bogstaver og tal, men ikke I, O eller Q.",
			"wrong.required":              "Skriv, hvilke oplysninger der er forkerte.",
			"correct.required":            "Skriv, hvad der er korrekt.",
			"format.required":             "Vælg, hvilket format du vil have oplysningerne i.",
			"objection_scope.required":    "Vælg, hvad du gør indsigelse mod.",
			"text.required":               "Skriv, hvad henvendelsen drejer sig om.",
			"channels.required":           "Vælg mindst én kanal, eller sig nej til telefon eller post.",
			"channels.choice":             "Vælg blandt de kanaler, virksomheden bruger.",
			"reserve.choice":              "Du kan sige nej til telefon og post, men ikke ja og nej til samme kanal.",
			"phone.required":              "Skriv dit mobilnummer. Det skal bruges til SMS og telefon.",
			"street.required":             "Skriv din adresse. Den skal bruges til post.",
			"postal_code.required":        "Skriv dit postnummer.",
			"postal_code.invalid":         "Postnummeret har fire cifre.",
			"city.required":               "Skriv din by.",
		}
	default:
		return map[string]string{
			ErrRequired:     "Fill in this field.",
			ErrTooLong:      "The text can be at most {max} characters.",
			ErrInvalid:      "Check what you wrote here.",
			ErrControlChars: "Remove special characters such as line breaks from this field.",
			ErrChoice:       "Choose one of the options.",

			"type.required":               "Choose what you are asking for.",
			"name.required":               "Enter your name.",
			"email.required":              "Enter your e-mail address. We send a confirmation there.",
			"email.invalid":               "Enter a valid e-mail address, such as name@example.com.",
			"phone.invalid":               "Enter a valid phone number, such as +47 912 34 567.",
			"registration_number.invalid": "Enter the registration number as on the plate, such as AB 12345.",
			"vin.invalid":                 "The VIN has 17 characters: letters and digits, but no I, O or Q.",
			"wrong.required":              "Say which data is wrong.",
			"correct.required":            "Say what is correct.",
			"format.required":             "Choose the format you want your data in.",
			"objection_scope.required":    "Choose what you object to.",
			"text.required":               "Say what your request is about.",
			"channels.required":           "Choose at least one channel, or say no to phone or post.",
			"channels.choice":             "Choose among the channels the company uses.",
			"reserve.choice":              "You can say no to phone and post, but not yes and no to the same channel.",
			"phone.required":              "Enter your mobile number. SMS and phone need it.",
			"street.required":             "Enter your street address. Post needs it.",
			"postal_code.required":        "Enter your postal code.",
			"postal_code.invalid":         "The postal code has four digits.",
			"city.required":               "Enter your city.",
		}
	}
}
