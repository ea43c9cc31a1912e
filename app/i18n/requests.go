package i18n

import "strconv"

// RequestText is the text of the request form and of everything that
// follows from it: the pages the Worker answers with, and the copy of a
// request in receipts. Placeholders are {name}-style, filled in by Fill.
type RequestText struct {
	// FormTitle heads /{slug}/request; {name} is the company.
	FormTitle string
	FormIntro string
	// FormFree says that asking is free and needs no identity document.
	FormFree     string
	ChooseType   string
	AboutYou     string
	FindYou      string
	FindYouHelp  string
	Details      string
	OnlyFor      string // {type}: "Only for {type}"
	Optional     string
	Required     string
	Submit       string
	Sending      string
	FixErrors    string // {n}: the number of fields to fix
	FixError     string // the same, for one field
	LimitsIntro  string // {name}: "What {name} says limits this right"
	LinkToForm   string // on the statement page: file a request
	LinkToFormTo string // {name}

	Types map[string]string // request type: its name
	// Requests names a request of each type in running text and subjects:
	// "krav om innsyn", "tilbaketrekking av samtykke".
	Requests map[string]string
	TypeHelp map[string]string // request type: what it does, in plain words
	Fields   map[string]string // form field: its label
	// ReadBack are the labels of the fields whose form label is a
	// question ("Hva er feil?"), where a request is read back (receipt,
	// e-mails, verification): "Det som er feil". See Label.
	ReadBack   map[string]string
	FieldHelp  map[string]string // form field: a hint under the label
	Formats    map[string]string // portability format: its name
	Objections map[string]string // objection scope: its name

	// After submitting.
	CheckMailTitle string
	CheckMail      string // {email}
	CodeLabel      string
	CodeHelp       string
	ConfirmButton  string
	CodeWrong      string
	Reference      string
	DueBy          string
	// DueOnceConfirmed is the deadline before confirmation: the clock
	// starts when the request reaches the company.
	DueOnceConfirmed string
	// DueNone stands for the deadline of a type that has none: a
	// withdrawal of consent (at once) and a question.
	DueNone   map[string]string
	LatestDue string
	Submitted string
	Status    string
	Statuses  map[string]string // request status: as the customer sees it

	// Confirmation and receipt.
	ConfirmTitle    string
	ConfirmIntro    string // {name}
	ConfirmedTitle  string
	ConfirmedText   string // {name}, {date}
	ConfirmedNoDue  string // {name}: for a type without a deadline
	WhatWasSent     string
	CompanyContact  string
	ComplainTitle   string
	ComplainText    string // {authority}
	ComplainNow     string // once the due date has passed; {authority}
	ComplainSubject string // {name}, {reference}
	ComplainBody    string // {name}, {reference}, {submitted}, {due}
	IdentityNote    string
	ExpiredTitle    string
	ExpiredText     string
	BadLinkTitle    string
	BadLinkText     string
	TooManyCodes    string

	// My requests: kept in the browser only.
	MineTitle   string
	MineIntro   string
	MineEmpty   string
	MineForget  string
	MineOverdue string // {date}
	BackTo      string // {name}
	MineLink    string

	// Verification.
	VerifyTitle    string
	VerifyIntro    string
	VerifyDrop     string
	VerifyChoose   string
	VerifyLocal    string
	VerifyGenuine  string // {kid}
	VerifyFailed   string // {reason}
	VerifyMissing  string
	VerifyFields   string
	VerifyUnknown  string
	VerifyBadSig   string
	VerifyNotFound string
	VerifyTextSame string
	VerifyDiffers  string // {fields}

	// The company's links.
	HandledTitle     string
	HandledAsk       string // {reference}
	HandledButton    string
	HandledDone      string // {reference}
	ExtendTitle      string
	ExtendIntro      string // {reference}, {due}, {latest}
	ExtendDate       string
	ExtendDateHelp   string // {min}, {max}
	ExtendReasons    string
	ExtendReasonHelp string
	ExtendButton     string
	ExtendDone       string // {reference}, {date}
	ExtendBadDate    string // {min}, {max}
	ExtendNoReasons  string
	ExtendAlready    string
	ExtendErased     string
	ExtendTooLate    string // {due}
	ExtendNone       string
	NotDelivered     string
}

// FixCount is the heading of an error summary for n fields.
func (r *RequestText) FixCount(n int) string {
	if n == 1 {
		return r.FixError
	}
	return Fill(r.FixErrors, "n", strconv.Itoa(n))
}

// R returns the request text in language l, English for any other tag.
func R(l Lang) *RequestText {
	switch l {
	case NB:
		return nbRequest()
	case DA:
		return daRequest()
	default:
		return enRequest()
	}
}

func nbRequest() *RequestText {
	return &RequestText{
		FormTitle:    "Send et krav til {name}",
		FormIntro:    "Her kan du be {name} om innsyn i, retting eller sletting av opplysninger om deg, og bruke de andre rettighetene personvernforordningen gir deg. Kravet sendes til selskapets personvernkontakt når du har bekreftet e-postadressen din.",
		FormFree:     "Det er gratis. Du trenger ikke legitimasjon: selskapet kan bare be om mer hvis det er rimelig tvil om hvem du er (art. 12 nr. 6).",
		ChooseType:   "Hva vil du be om?",
		AboutYou:     "Om deg",
		FindYou:      "Hjelp selskapet å finne opplysningene dine",
		FindYouHelp:  "Alt er frivillig, men gjør det lettere for verkstedet å finne deg.",
		Details:      "Mer om kravet",
		OnlyFor:      "bare for {type}",
		Optional:     "valgfritt",
		Required:     "må fylles ut",
		Submit:       "Send kravet",
		Sending:      "Sender …",
		FixErrors:    "Rett opp {n} felt før du sender.",
		FixError:     "Rett opp ett felt før du sender.",
		LimitsIntro:  "Dette sier {name} om begrensninger:",
		LinkToForm:   "Bruk rettighetene dine",
		LinkToFormTo: "Send et krav til {name}",

		Types: map[string]string{
			"access": "Innsyn", "rectification": "Retting", "erasure": "Sletting",
			"restriction": "Begrensning", "portability": "Dataportabilitet", "objection": "Protest",
			"withdraw_consent": "Trekke tilbake samtykke", "question": "Spørsmål om personvern",
		},
		Requests: map[string]string{
			"access": "krav om innsyn", "rectification": "krav om retting", "erasure": "krav om sletting",
			"restriction": "krav om begrensning", "portability": "krav om dataportabilitet", "objection": "protest",
			"withdraw_consent": "tilbaketrekking av samtykke", "question": "spørsmål om personvern",
		},
		TypeHelp: map[string]string{
			"access":           "Få vite hvilke opplysninger selskapet har om deg, hva de brukes til, og få en kopi (art. 15).",
			"rectification":    "Få rettet opplysninger som er feil, eller supplert opplysninger som mangler (art. 16).",
			"erasure":          "Få slettet opplysninger om deg som selskapet ikke lenger trenger eller ikke har lov til å ha (art. 17).",
			"restriction":      "Få selskapet til å la være å bruke opplysningene, bare lagre dem, mens noe avklares (art. 18).",
			"portability":      "Få opplysningene du selv har gitt, i et maskinlesbart format du kan ta med deg (art. 20).",
			"objection":        "Protestere mot at opplysningene brukes til markedsføring, som selskapet da må stanse, eller til annen behandling basert på berettiget interesse (art. 21).",
			"withdraw_consent": "Trekke tilbake et samtykke du har gitt, for eksempel til nyhetsbrev (art. 7 nr. 3).",
			"question":         "Still et spørsmål om hvordan selskapet behandler personopplysninger.",
		},
		Fields: map[string]string{
			"type": "Hva vil du be om?", "name": "Navn", "email": "E-post", "phone": "Telefon",
			"registration_number": "Registreringsnummer", "vin": "Understellsnummer (VIN)",
			"customer_number": "Kundenummer", "wrong": "Hva er feil?", "correct": "Hva er riktig?",
			"format": "Format", "objection_scope": "Hva protesterer du mot?", "text": "Din melding",
		},
		ReadBack: map[string]string{
			"type": "Type krav", "wrong": "Det som er feil", "correct": "Det som er riktig",
			"objection_scope": "Protesten gjelder", "text": "Melding",
		},
		FieldHelp: map[string]string{
			"email":               "Vi sender en bekreftelseslenke hit. Selskapet svarer deg på denne adressen.",
			"phone":               "Norsk eller dansk nummer, eller med landskode.",
			"registration_number": "Som på skiltet, for eksempel AB 12345.",
			"vin":                 "17 tegn. Står i vognkortet.",
			"text":                "Høyst 2000 tegn. Skriv gjerne hva kravet gjelder, for eksempel et tidsrom eller en avdeling.",
		},
		Formats: map[string]string{"json": "JSON", "csv": "CSV (regneark)", "any": "Et vanlig, maskinlesbart format etter selskapets valg"},
		Objections: map[string]string{
			"direct_marketing": "Markedsføring til meg",
			"processing":       "Annen behandling basert på berettiget interesse (skriv hvilken og hvorfor i meldingen)",
		},

		CheckMailTitle:   "Sjekk e-posten din",
		CheckMail:        "Vi har lagret kravet og sendt en e-post til {email}. Klikk på lenken i e-posten, eller skriv inn koden fra den her, for å bekrefte at adressen er din. Først da sendes kravet til selskapet.",
		CodeLabel:        "Kode fra e-posten",
		CodeHelp:         "Seks sifre.",
		ConfirmButton:    "Bekreft kravet",
		CodeWrong:        "Koden stemmer ikke. Sjekk e-posten og prøv igjen.",
		Reference:        "Referanse",
		DueBy:            "Svarfrist",
		DueOnceConfirmed: "Én måned fra du bekrefter kravet (så kommer det fram til selskapet)",
		DueNone:          map[string]string{"withdraw_consent": "Gjelder fra selskapet får den", "question": "Ingen frist i loven"},
		LatestDue:        "Seneste frist hvis selskapet forlenger",
		Submitted:        "Sendt",
		Status:           "Status",
		Statuses: map[string]string{
			"unconfirmed": "Venter på at du bekrefter e-postadressen", "confirmed": "Bekreftet, sendes til selskapet",
			"delivered": "Sendt til selskapet", "handled": "Selskapet har markert kravet som behandlet",
		},

		ConfirmTitle:    "Bekreft kravet ditt",
		ConfirmIntro:    "Trykk på knappen for å bekrefte at du vil sende kravet til {name}.",
		ConfirmedTitle:  "Kravet er sendt",
		ConfirmedText:   "Kravet ditt er signert og sendt til personvernkontakten hos {name}. Selskapet skal svare deg innen {date}. Du får en kvittering på e-post.",
		ConfirmedNoDue:  "Kravet ditt er signert og sendt til personvernkontakten hos {name}. Du får en kvittering på e-post.",
		WhatWasSent:     "Dette ble sendt",
		CompanyContact:  "Kontakt hos selskapet",
		ComplainTitle:   "Hvis du ikke får svar",
		ComplainText:    "Du kan klage til {authority} hvis selskapet ikke svarer innen fristen, eller hvis du mener svaret er feil.",
		ComplainNow:     "Fristen er ute. Klag til {authority}",
		ComplainSubject: "Klage: {name} har ikke svart på kravet mitt ({reference})",
		ComplainBody:    "Jeg sendte et krav etter personvernforordningen til {name} {submitted} (referanse {reference}). Fristen for å svare var {due}, og jeg har ikke fått svar.",
		IdentityNote:    "Portalen har ikke bedt om legitimasjon. Selskapet kan be om flere opplysninger bare hvis det er rimelig tvil om hvem du er.",
		ExpiredTitle:    "Lenken er utløpt",
		ExpiredText:     "Kravet ble ikke bekreftet innen 48 timer og er slettet. Du kan sende det på nytt.",
		BadLinkTitle:    "Lenken virker ikke",
		BadLinkText:     "Lenken er feil eller ufullstendig. Kopier hele lenken fra e-posten, eller send kravet på nytt.",
		TooManyCodes:    "For mange feil koder. Bruk lenken i e-posten i stedet.",

		MineTitle:   "Mine krav",
		MineIntro:   "Kravene du har sendt fra denne nettleseren. Listen lagres bare i nettleseren din, ikke hos oss.",
		MineEmpty:   "Du har ikke sendt noen krav fra denne nettleseren.",
		MineForget:  "Fjern fra listen",
		MineOverdue: "Fristen gikk ut {date}.",
		BackTo:      "Tilbake til {name}",
		MineLink:    "Mine krav",

		VerifyTitle:    "Kontroller et krav",
		VerifyIntro:    "For personvernkontakter: kontroller at et krav fra portalen er ekte og uendret. Slipp e-posten (.eml) her, eller velg request.json og request.json.sig. Kontrollen skjer i nettleseren din; ingenting lastes opp.",
		VerifyDrop:     "Slipp filene her",
		VerifyChoose:   "Velg filer",
		VerifyLocal:    "Filene forlater ikke maskinen din.",
		VerifyGenuine:  "Ekte: signert av portalen med nøkkel {kid}, og ikke endret etterpå.",
		VerifyFailed:   "Ikke godkjent: {reason}",
		VerifyMissing:  "Fant ikke både request.json og request.json.sig.",
		VerifyFields:   "Innholdet i kravet",
		VerifyUnknown:  "kravet er signert med en nøkkel portalen ikke kjenner.",
		VerifyBadSig:   "signaturen stemmer ikke. Filen er endret, eller signaturen hører til en annen fil.",
		VerifyNotFound: "fant ingen nøkler.",
		VerifyTextSame: "Teksten i e-posten stemmer med det signerte kravet.",
		VerifyDiffers:  "Advarsel: teksten i e-posten er ikke den portalen signerte. Dette står annerledes i e-posten enn i det signerte kravet: {fields}. Signaturen gjelder vedlegget request.json: stol på innholdet nedenfor, ikke på teksten i e-posten.",

		HandledTitle:     "Marker kravet som behandlet",
		HandledAsk:       "Har dere svart kunden på krav {reference}? Da slutter portalen å sende påminnelser.",
		HandledButton:    "Marker som behandlet",
		HandledDone:      "Krav {reference} er markert som behandlet. Takk.",
		ExtendTitle:      "Forleng fristen",
		ExtendIntro:      "Fristen for krav {reference} er {due}. Den kan forlenges med inntil to måneder, til senest {latest}, når det er nødvendig fordi kravet er komplisert eller dere har mange krav (art. 12 nr. 3). Kunden får e-post med den nye fristen og begrunnelsen.",
		ExtendDate:       "Ny frist",
		ExtendDateHelp:   "Mellom {min} og {max}.",
		ExtendReasons:    "Begrunnelse til kunden",
		ExtendReasonHelp: "Forklar hvorfor dere trenger mer tid. Kunden ser teksten slik den står.",
		ExtendButton:     "Forleng fristen",
		ExtendDone:       "Fristen for krav {reference} er forlenget til {date}. Kunden har fått beskjed.",
		ExtendBadDate:    "Velg en dato mellom {min} og {max}.",
		ExtendNoReasons:  "Skriv en begrunnelse.",
		ExtendAlready:    "Fristen er allerede forlenget én gang.",
		ExtendErased:     "Opplysningene om kunden er slettet fra portalen. Svar kunden direkte.",
		ExtendTooLate:    "Fristen kan ikke lenger forlenges. Personvernforordningen art. 12 nr. 3 tillater en forlengelse bare hvis kunden får beskjed innen én måned etter at kravet kom inn, det vil si innen {due}. Svar kunden så snart som mulig.",
		ExtendNone:       "Dette har ingen frist etter personvernforordningen art. 12 nr. 3, og det er ingen frist å forlenge.",
		NotDelivered:     "Kravet er ikke levert ennå, eller er allerede behandlet.",
	}
}

func daRequest() *RequestText {
	return &RequestText{
		FormTitle:    "Send en anmodning til {name}",
		FormIntro:    "Her kan du bede {name} om indsigt i, berigtigelse eller sletning af oplysninger om dig og bruge de andre rettigheder, databeskyttelsesforordningen giver dig. Anmodningen sendes til virksomhedens kontaktperson for databeskyttelse, når du har bekræftet din e-mailadresse.",
		FormFree:     "Det er gratis. Du skal ikke vise legitimation: virksomheden kan kun bede om mere, hvis der er rimelig tvivl om, hvem du er (art. 12, stk. 6).",
		ChooseType:   "Hvad vil du bede om?",
		AboutYou:     "Om dig",
		FindYou:      "Hjælp virksomheden med at finde dine oplysninger",
		FindYouHelp:  "Alt er frivilligt, men gør det lettere for værkstedet at finde dig.",
		Details:      "Mere om anmodningen",
		OnlyFor:      "kun ved {type}",
		Optional:     "valgfrit",
		Required:     "skal udfyldes",
		Submit:       "Send anmodningen",
		Sending:      "Sender …",
		FixErrors:    "Ret {n} felter, før du sender.",
		FixError:     "Ret ét felt, før du sender.",
		LimitsIntro:  "Det siger {name} om begrænsninger:",
		LinkToForm:   "Brug dine rettigheder",
		LinkToFormTo: "Send en anmodning til {name}",

		Types: map[string]string{
			"access": "Indsigt", "rectification": "Berigtigelse", "erasure": "Sletning",
			"restriction": "Begrænsning", "portability": "Dataportabilitet", "objection": "Indsigelse",
			"withdraw_consent": "Tilbagetrækning af samtykke", "question": "Spørgsmål om databeskyttelse",
		},
		Requests: map[string]string{
			"access": "anmodning om indsigt", "rectification": "anmodning om berigtigelse", "erasure": "anmodning om sletning",
			"restriction": "anmodning om begrænsning", "portability": "anmodning om dataportabilitet", "objection": "indsigelse",
			"withdraw_consent": "tilbagetrækning af samtykke", "question": "spørgsmål om databeskyttelse",
		},
		TypeHelp: map[string]string{
			"access":           "Få at vide, hvilke oplysninger virksomheden har om dig, hvad de bruges til, og få en kopi (art. 15).",
			"rectification":    "Få rettet forkerte oplysninger eller suppleret manglende oplysninger (art. 16).",
			"erasure":          "Få slettet oplysninger om dig, som virksomheden ikke længere har brug for eller ikke må have (art. 17).",
			"restriction":      "Få virksomheden til kun at opbevare oplysningerne og ikke bruge dem, mens noget afklares (art. 18).",
			"portability":      "Få de oplysninger, du selv har givet, i et maskinlæsbart format, du kan tage med dig (art. 20).",
			"objection":        "Gøre indsigelse mod, at oplysningerne bruges til markedsføring, som virksomheden så skal stoppe, eller til anden behandling baseret på legitim interesse (art. 21).",
			"withdraw_consent": "Trække et samtykke tilbage, som du har givet, for eksempel til nyhedsbreve (art. 7, stk. 3).",
			"question":         "Stil et spørgsmål om, hvordan virksomheden behandler personoplysninger.",
		},
		Fields: map[string]string{
			"type": "Hvad vil du bede om?", "name": "Navn", "email": "E-mail", "phone": "Telefon",
			"registration_number": "Registreringsnummer", "vin": "Stelnummer (VIN)",
			"customer_number": "Kundenummer", "wrong": "Hvad er forkert?", "correct": "Hvad er korrekt?",
			"format": "Format", "objection_scope": "Hvad gør du indsigelse mod?", "text": "Din besked",
		},
		ReadBack: map[string]string{
			"type": "Type anmodning", "wrong": "Det, der er forkert", "correct": "Det, der er korrekt",
			"objection_scope": "Indsigelsen gælder", "text": "Besked",
		},
		FieldHelp: map[string]string{
			"email":               "Vi sender et bekræftelseslink hertil. Virksomheden svarer dig på denne adresse.",
			"phone":               "Dansk eller norsk nummer, eller med landekode.",
			"registration_number": "Som på nummerpladen, for eksempel AB 12 345.",
			"vin":                 "17 tegn. Står i registreringsattesten.",
			"text":                "Højst 2000 tegn. Skriv gerne, hvad anmodningen drejer sig om, for eksempel en periode eller en afdeling.",
		},
		Formats: map[string]string{"json": "JSON", "csv": "CSV (regneark)", "any": "Et almindeligt, maskinlæsbart format efter virksomhedens valg"},
		Objections: map[string]string{
			"direct_marketing": "Markedsføring til mig",
			"processing":       "Anden behandling baseret på legitim interesse (skriv hvilken og hvorfor i beskeden)",
		},

		CheckMailTitle:   "Tjek din e-mail",
		CheckMail:        "Vi har gemt anmodningen og sendt en e-mail til {email}. Klik på linket i e-mailen, eller skriv koden fra den her, for at bekræfte, at adressen er din. Først da sendes anmodningen til virksomheden.",
		CodeLabel:        "Kode fra e-mailen",
		CodeHelp:         "Seks cifre.",
		ConfirmButton:    "Bekræft anmodningen",
		CodeWrong:        "Koden passer ikke. Tjek e-mailen, og prøv igen.",
		Reference:        "Reference",
		DueBy:            "Svarfrist",
		DueOnceConfirmed: "Én måned fra du bekræfter anmodningen (så når den frem til virksomheden)",
		DueNone:          map[string]string{"withdraw_consent": "Gælder, fra virksomheden modtager den", "question": "Ingen frist i loven"},
		LatestDue:        "Seneste frist, hvis virksomheden forlænger",
		Submitted:        "Sendt",
		Status:           "Status",
		Statuses: map[string]string{
			"unconfirmed": "Venter på, at du bekræfter e-mailadressen", "confirmed": "Bekræftet, sendes til virksomheden",
			"delivered": "Sendt til virksomheden", "handled": "Virksomheden har markeret anmodningen som behandlet",
		},

		ConfirmTitle:    "Bekræft din anmodning",
		ConfirmIntro:    "Tryk på knappen for at bekræfte, at du vil sende anmodningen til {name}.",
		ConfirmedTitle:  "Anmodningen er sendt",
		ConfirmedText:   "Din anmodning er signeret og sendt til kontaktpersonen for databeskyttelse hos {name}. Virksomheden skal svare dig senest {date}. Du får en kvittering på e-mail.",
		ConfirmedNoDue:  "Din anmodning er signeret og sendt til kontaktpersonen hos {name}. Du får en kvittering på e-mail.",
		WhatWasSent:     "Dette blev sendt",
		CompanyContact:  "Kontakt hos virksomheden",
		ComplainTitle:   "Hvis du ikke får svar",
		ComplainText:    "Du kan klage til {authority}, hvis virksomheden ikke svarer inden fristen, eller hvis du mener, at svaret er forkert.",
		ComplainNow:     "Fristen er udløbet. Klag til {authority}",
		ComplainSubject: "Klage: {name} har ikke svaret på min anmodning ({reference})",
		ComplainBody:    "Jeg sendte en anmodning efter databeskyttelsesforordningen til {name} den {submitted} (reference {reference}). Fristen for at svare var {due}, og jeg har ikke fået svar.",
		IdentityNote:    "Portalen har ikke bedt om legitimation. Virksomheden kan kun bede om flere oplysninger, hvis der er rimelig tvivl om, hvem du er.",
		ExpiredTitle:    "Linket er udløbet",
		ExpiredText:     "Anmodningen blev ikke bekræftet inden for 48 timer og er slettet. Du kan sende den igen.",
		BadLinkTitle:    "Linket virker ikke",
		BadLinkText:     "Linket er forkert eller ufuldstændigt. Kopiér hele linket fra e-mailen, eller send anmodningen igen.",
		TooManyCodes:    "For mange forkerte koder. Brug linket i e-mailen i stedet.",

		MineTitle:   "Mine anmodninger",
		MineIntro:   "De anmodninger, du har sendt fra denne browser. Listen gemmes kun i din browser, ikke hos os.",
		MineEmpty:   "Du har ikke sendt nogen anmodninger fra denne browser.",
		MineForget:  "Fjern fra listen",
		MineOverdue: "Fristen udløb {date}.",
		BackTo:      "Tilbage til {name}",
		MineLink:    "Mine anmodninger",

		VerifyTitle:    "Kontrollér en anmodning",
		VerifyIntro:    "For kontaktpersoner: kontrollér, at en anmodning fra portalen er ægte og uændret. Slip e-mailen (.eml) her, eller vælg request.json og request.json.sig. Kontrollen sker i din browser; intet uploades.",
		VerifyDrop:     "Slip filerne her",
		VerifyChoose:   "Vælg filer",
		VerifyLocal:    "Filerne forlader ikke din computer.",
		VerifyGenuine:  "Ægte: signeret af portalen med nøgle {kid} og ikke ændret bagefter.",
		VerifyFailed:   "Ikke godkendt: {reason}",
		VerifyMissing:  "Fandt ikke både request.json og request.json.sig.",
		VerifyFields:   "Anmodningens indhold",
		VerifyUnknown:  "anmodningen er signeret med en nøgle, portalen ikke kender.",
		VerifyBadSig:   "signaturen passer ikke. Filen er ændret, eller signaturen hører til en anden fil.",
		VerifyNotFound: "fandt ingen nøgler.",
		VerifyTextSame: "Teksten i e-mailen stemmer med den signerede anmodning.",
		VerifyDiffers:  "Advarsel: teksten i e-mailen er ikke den, portalen signerede. Dette står anderledes i e-mailen end i den signerede anmodning: {fields}. Signaturen gælder den vedhæftede request.json: stol på indholdet nedenfor, ikke på teksten i e-mailen.",

		HandledTitle:     "Markér anmodningen som behandlet",
		HandledAsk:       "Har I svaret kunden på anmodning {reference}? Så holder portalen op med at sende påmindelser.",
		HandledButton:    "Markér som behandlet",
		HandledDone:      "Anmodning {reference} er markeret som behandlet. Tak.",
		ExtendTitle:      "Forlæng fristen",
		ExtendIntro:      "Fristen for anmodning {reference} er {due}. Den kan forlænges med op til to måneder, til senest {latest}, når det er nødvendigt, fordi anmodningen er kompleks, eller I har mange anmodninger (art. 12, stk. 3). Kunden får en e-mail med den nye frist og begrundelsen.",
		ExtendDate:       "Ny frist",
		ExtendDateHelp:   "Mellem {min} og {max}.",
		ExtendReasons:    "Begrundelse til kunden",
		ExtendReasonHelp: "Forklar, hvorfor I har brug for mere tid. Kunden ser teksten, som den står.",
		ExtendButton:     "Forlæng fristen",
		ExtendDone:       "Fristen for anmodning {reference} er forlænget til {date}. Kunden har fået besked.",
		ExtendBadDate:    "Vælg en dato mellem {min} og {max}.",
		ExtendNoReasons:  "Skriv en begrundelse.",
		ExtendAlready:    "Fristen er allerede forlænget én gang.",
		ExtendErased:     "Oplysningerne om kunden er slettet fra portalen. Svar kunden direkte.",
		ExtendTooLate:    "Fristen kan ikke længere forlænges. Databeskyttelsesforordningen art. 12, stk. 3, tillader kun en forlængelse, hvis kunden får besked inden for én måned efter, at anmodningen kom ind, det vil sige senest {due}. Svar kunden hurtigst muligt.",
		ExtendNone:       "Dette har ingen frist efter databeskyttelsesforordningen art. 12, stk. 3, og der er ingen frist at forlænge.",
		NotDelivered:     "Anmodningen er ikke leveret endnu eller er allerede behandlet.",
	}
}

func enRequest() *RequestText {
	return &RequestText{
		FormTitle:    "Send a request to {name}",
		FormIntro:    "Here you can ask {name} for access to, correction or erasure of data about you, and use the other rights the GDPR gives you. The request goes to the company's privacy contact once you have confirmed your e-mail address.",
		FormFree:     "It is free. You need no identity document: the company may ask for more only if it has reasonable doubts about who you are (Art. 12(6)).",
		ChooseType:   "What are you asking for?",
		AboutYou:     "About you",
		FindYou:      "Help the company find your data",
		FindYouHelp:  "All optional, but it makes it easier for the workshop to find you.",
		Details:      "More about your request",
		OnlyFor:      "only for {type}",
		Optional:     "optional",
		Required:     "required",
		Submit:       "Send the request",
		Sending:      "Sending …",
		FixErrors:    "Correct {n} fields before sending.",
		FixError:     "Correct one field before sending.",
		LimitsIntro:  "What {name} says about limits:",
		LinkToForm:   "Use your rights",
		LinkToFormTo: "Send a request to {name}",

		Types: map[string]string{
			"access": "Access", "rectification": "Rectification", "erasure": "Erasure",
			"restriction": "Restriction", "portability": "Data portability", "objection": "Objection",
			"withdraw_consent": "Withdrawal of consent", "question": "Privacy question",
		},
		Requests: map[string]string{
			"access": "access request", "rectification": "rectification request", "erasure": "erasure request",
			"restriction": "restriction request", "portability": "data portability request", "objection": "objection",
			"withdraw_consent": "withdrawal of consent", "question": "privacy question",
		},
		TypeHelp: map[string]string{
			"access":           "Find out what data the company has about you and what it is used for, and get a copy (Art. 15).",
			"rectification":    "Have wrong data corrected, or missing data completed (Art. 16).",
			"erasure":          "Have data about you deleted that the company no longer needs or may not keep (Art. 17).",
			"restriction":      "Have the company only store your data, not use it, while something is being settled (Art. 18).",
			"portability":      "Get the data you gave the company in a machine-readable format you can take elsewhere (Art. 20).",
			"objection":        "Object to your data being used for marketing, which the company must then stop, or for other processing based on legitimate interests (Art. 21).",
			"withdraw_consent": "Withdraw a consent you gave, for example to newsletters (Art. 7(3)).",
			"question":         "Ask a question about how the company handles personal data.",
		},
		Fields: map[string]string{
			"type": "What are you asking for?", "name": "Name", "email": "E-mail", "phone": "Phone",
			"registration_number": "Registration number", "vin": "Vehicle identification number (VIN)",
			"customer_number": "Customer number", "wrong": "What is wrong?", "correct": "What is correct?",
			"format": "Format", "objection_scope": "What do you object to?", "text": "Your message",
		},
		ReadBack: map[string]string{
			"type": "Request", "wrong": "What is wrong", "correct": "What is correct",
			"objection_scope": "The objection concerns", "text": "Message",
		},
		FieldHelp: map[string]string{
			"email":               "We send a confirmation link here. The company answers you at this address.",
			"phone":               "A Norwegian or Danish number, or one with its country code.",
			"registration_number": "As on the plate, such as AB 12345.",
			"vin":                 "17 characters, on the registration certificate.",
			"text":                "At most 2000 characters. You may say what the request is about, such as a period or a branch.",
		},
		Formats: map[string]string{"json": "JSON", "csv": "CSV (spreadsheet)", "any": "A common machine-readable format of the company's choice"},
		Objections: map[string]string{
			"direct_marketing": "Marketing to me",
			"processing":       "Other processing based on legitimate interests (say which and why in your message)",
		},

		CheckMailTitle:   "Check your e-mail",
		CheckMail:        "We have stored your request and sent an e-mail to {email}. Click the link in it, or enter its code here, to confirm the address is yours. Only then is the request sent to the company.",
		CodeLabel:        "Code from the e-mail",
		CodeHelp:         "Six digits.",
		ConfirmButton:    "Confirm the request",
		CodeWrong:        "The code does not match. Check the e-mail and try again.",
		Reference:        "Reference",
		DueBy:            "Answer due by",
		DueOnceConfirmed: "One month from when you confirm the request (that is when it reaches the company)",
		DueNone:          map[string]string{"withdraw_consent": "Takes effect when the company receives it", "question": "No deadline in law"},
		LatestDue:        "Latest date if the company extends",
		Submitted:        "Sent",
		Status:           "Status",
		Statuses: map[string]string{
			"unconfirmed": "Waiting for you to confirm your e-mail address", "confirmed": "Confirmed, on its way to the company",
			"delivered": "Delivered to the company", "handled": "The company has marked it handled",
		},

		ConfirmTitle:    "Confirm your request",
		ConfirmIntro:    "Press the button to confirm that you want to send the request to {name}.",
		ConfirmedTitle:  "Your request has been sent",
		ConfirmedText:   "Your request is signed and on its way to the privacy contact of {name}. The company must answer you by {date}. You will get a receipt by e-mail.",
		ConfirmedNoDue:  "Your request is signed and sent to the privacy contact at {name}. You will get a receipt by e-mail.",
		WhatWasSent:     "What was sent",
		CompanyContact:  "Contact at the company",
		ComplainTitle:   "If you get no answer",
		ComplainText:    "You may complain to {authority} if the company does not answer in time, or if you believe its answer is wrong.",
		ComplainNow:     "The deadline has passed. Complain to {authority}",
		ComplainSubject: "Complaint: {name} has not answered my request ({reference})",
		ComplainBody:    "I sent a request under the GDPR to {name} on {submitted} (reference {reference}). The answer was due by {due}, and I have had none.",
		IdentityNote:    "The portal did not ask for identification. The company may ask for more information only if it has reasonable doubts about who you are.",
		ExpiredTitle:    "The link has expired",
		ExpiredText:     "The request was not confirmed within 48 hours and has been deleted. You can send it again.",
		BadLinkTitle:    "The link does not work",
		BadLinkText:     "The link is wrong or incomplete. Copy the whole link from the e-mail, or send the request again.",
		TooManyCodes:    "Too many wrong codes. Use the link in the e-mail instead.",

		MineTitle:   "My requests",
		MineIntro:   "The requests you sent from this browser. The list is kept only in your browser, not by us.",
		MineEmpty:   "You have sent no requests from this browser.",
		MineForget:  "Remove from the list",
		MineOverdue: "The deadline passed on {date}.",
		BackTo:      "Back to {name}",
		MineLink:    "My requests",

		VerifyTitle:    "Verify a request",
		VerifyIntro:    "For privacy contacts: check that a request from the portal is genuine and unaltered. Drop the e-mail (.eml) here, or choose request.json and request.json.sig. The check runs in your browser; nothing is uploaded.",
		VerifyDrop:     "Drop the files here",
		VerifyChoose:   "Choose files",
		VerifyLocal:    "The files do not leave your computer.",
		VerifyGenuine:  "Genuine: signed by the portal with key {kid}, and not changed since.",
		VerifyFailed:   "Not verified: {reason}",
		VerifyMissing:  "Could not find both request.json and request.json.sig.",
		VerifyFields:   "What the request says",
		VerifyUnknown:  "the request is signed with a key the portal does not know.",
		VerifyBadSig:   "the signature does not match. The file has been changed, or the signature belongs to another file.",
		VerifyNotFound: "no keys found.",
		VerifyTextSame: "The e-mail's text matches the signed request.",
		VerifyDiffers:  "Warning: the e-mail's text is not what the portal signed. This reads differently in the e-mail than in the signed request: {fields}. The signature covers the attached request.json: rely on the content below, not on the e-mail's text.",

		HandledTitle:     "Mark the request handled",
		HandledAsk:       "Have you answered the customer's request {reference}? Then the portal stops sending reminders.",
		HandledButton:    "Mark as handled",
		HandledDone:      "Request {reference} is marked as handled. Thank you.",
		ExtendTitle:      "Extend the deadline",
		ExtendIntro:      "Request {reference} is due by {due}. The deadline may be extended by up to two months, to {latest} at the latest, where necessary because the request is complex or you have many (Art. 12(3)). The customer is e-mailed the new date and your reasons.",
		ExtendDate:       "New deadline",
		ExtendDateHelp:   "Between {min} and {max}.",
		ExtendReasons:    "Reasons, for the customer",
		ExtendReasonHelp: "Explain why you need more time. The customer sees the text as written.",
		ExtendButton:     "Extend the deadline",
		ExtendDone:       "The deadline of request {reference} is extended to {date}. The customer has been told.",
		ExtendBadDate:    "Choose a date between {min} and {max}.",
		ExtendNoReasons:  "Give your reasons.",
		ExtendAlready:    "The deadline has already been extended once.",
		ExtendErased:     "The customer's data has been deleted from the portal. Answer the customer directly.",
		ExtendTooLate:    "The deadline can no longer be extended. GDPR Art. 12(3) allows an extension only if the customer is told within one month of receiving the request, that is by {due}. Answer the customer as soon as possible.",
		ExtendNone:       "This has no deadline under GDPR Art. 12(3), so there is none to extend.",
		NotDelivered:     "The request has not been delivered yet, or was already handled.",
	}
}

// Label is a field's label where a request is read back rather than
// filled in: a statement, not the form's question.
func (r *RequestText) Label(field string) string {
	if l, ok := r.ReadBack[field]; ok {
		return l
	}
	return r.Fields[field]
}
