package i18n

// ConsentText is the text of the cookie banner, the footer link and the
// cookie settings page. Placeholders are {name}-style, filled in by Fill.
type ConsentText struct {
	BannerLabel   string // the banner's landmark name
	BannerTitle   string // {name}
	BannerText    string // {name}, {categories}
	AcceptAll     string
	RejectAll     string
	Choose        string
	Save          string
	Close         string // the close button's accessible name
	Necessary     string // what necessary cookies are
	AlwaysOn      string
	Services      string
	GPCNote       string
	Settings      string // the footer link
	PageTitle     string // {name}
	PageIntro     string // {name}
	NoneUsed      string // {name}
	YourChoice    string
	NotChosen     string
	ChosenOn      string // {date}
	Granted       string
	Refused       string
	Withdraw      string
	WithdrawHelp  string
	Receipt       string
	ReceiptHelp   string
	Saved         string
	ByGPC         string
	Lifetime      string
	PolicyVersion string
}

// C returns the consent text in language l, English for any other tag.
func C(l Lang) *ConsentText {
	switch l {
	case NB:
		return &ConsentText{
			BannerLabel:   "Samtykke til informasjonskapsler",
			BannerTitle:   "{name} ber om samtykke til informasjonskapsler",
			BannerText:    "{name} vil gjerne bruke informasjonskapsler til {categories}, men bare hvis du sier ja. Nødvendige informasjonskapsler brukes alltid. Å avvise har ingen ulemper for deg, og du kan ombestemme deg når som helst under «Innstillinger for informasjonskapsler» nederst på siden.",
			AcceptAll:     "Godta alle",
			RejectAll:     "Avvis alle",
			Choose:        "Velg selv",
			Save:          "Lagre valgene",
			Close:         "Lukk uten å samtykke",
			Necessary:     "Trengs for at nettsiden skal virke. Krever ikke samtykke.",
			AlwaysOn:      "alltid på",
			Services:      "Tjenester",
			GPCNote:       "Nettleseren din sender Global Privacy Control, et signal om at du ikke vil spores. Vi har fulgt det: statistikk og markedsføring er avvist. Du kan likevel velge noe annet under innstillingene.",
			Settings:      "Innstillinger for informasjonskapsler",
			PageTitle:     "Informasjonskapsler hos {name}",
			PageIntro:     "Her ser du hvilke informasjonskapsler {name} bruker, og hva du har valgt. Du kan endre eller trekke tilbake valget ditt når som helst.",
			NoneUsed:      "{name} bruker ingen informasjonskapsler som krever samtykke. Det er derfor ingenting å velge her, og du får ingen spørsmål om samtykke på sidene til {name}.",
			YourChoice:    "Ditt valg",
			NotChosen:     "Du har ikke valgt ennå. Ingen valgfrie informasjonskapsler er i bruk.",
			ChosenOn:      "Valgt {date}.",
			Granted:       "godtatt",
			Refused:       "avvist",
			Withdraw:      "Trekk tilbake samtykket",
			WithdrawHelp:  "Avviser alle valgfrie informasjonskapsler og sletter dem fra nettleseren din.",
			Receipt:       "Last ned samtykkekvittering",
			ReceiptHelp:   "En signert kvittering (JSON, Kantara Consent Receipt) for siste valg, som bevis for hva du valgte.",
			Saved:         "Valget ditt er lagret.",
			ByGPC:         "Avvist på grunn av Global Privacy Control.",
			Lifetime:      "Valget gjelder i {days} dager, eller til selskapet endrer retningslinjene sine.",
			PolicyVersion: "Versjon av retningslinjene",
		}
	case DA:
		return &ConsentText{
			BannerLabel:   "Samtykke til cookies",
			BannerTitle:   "{name} beder om samtykke til cookies",
			BannerText:    "{name} vil gerne bruge cookies til {categories}, men kun hvis du siger ja. Nødvendige cookies bruges altid. Det har ingen ulemper for dig at afvise, og du kan ændre dit valg når som helst under »Cookie-indstillinger« nederst på siden.",
			AcceptAll:     "Accepter alle",
			RejectAll:     "Afvis alle",
			Choose:        "Vælg selv",
			Save:          "Gem valgene",
			Close:         "Luk uden at give samtykke",
			Necessary:     "Nødvendige for, at hjemmesiden virker. Kræver ikke samtykke.",
			AlwaysOn:      "altid til",
			Services:      "Tjenester",
			GPCNote:       "Din browser sender Global Privacy Control, et signal om, at du ikke vil spores. Det har vi fulgt: statistik og marketing er afvist. Du kan stadig vælge noget andet under indstillingerne.",
			Settings:      "Cookie-indstillinger",
			PageTitle:     "Cookies hos {name}",
			PageIntro:     "Her kan du se, hvilke cookies {name} bruger, og hvad du har valgt. Du kan ændre eller trække dit valg tilbage når som helst.",
			NoneUsed:      "{name} bruger ingen cookies, der kræver samtykke. Der er derfor intet at vælge her, og du bliver ikke spurgt om samtykke på siderne for {name}.",
			YourChoice:    "Dit valg",
			NotChosen:     "Du har ikke valgt endnu. Ingen valgfrie cookies er i brug.",
			ChosenOn:      "Valgt den {date}.",
			Granted:       "accepteret",
			Refused:       "afvist",
			Withdraw:      "Træk samtykket tilbage",
			WithdrawHelp:  "Afviser alle valgfrie cookies og sletter dem fra din browser.",
			Receipt:       "Hent samtykkekvittering",
			ReceiptHelp:   "En signeret kvittering (JSON, Kantara Consent Receipt) for dit seneste valg, som bevis for, hvad du valgte.",
			Saved:         "Dit valg er gemt.",
			ByGPC:         "Afvist på grund af Global Privacy Control.",
			Lifetime:      "Valget gælder i {days} dage, eller indtil virksomheden ændrer sin politik.",
			PolicyVersion: "Politikkens version",
		}
	}
	return &ConsentText{
		BannerLabel:   "Cookie consent",
		BannerTitle:   "{name} asks for your consent to cookies",
		BannerText:    "{name} would like to use cookies for {categories}, but only if you agree. Necessary cookies are always used. Refusing costs you nothing, and you can change your mind at any time under “Cookie settings” at the bottom of the page.",
		AcceptAll:     "Accept all",
		RejectAll:     "Reject all",
		Choose:        "Choose",
		Save:          "Save my choices",
		Close:         "Close without consenting",
		Necessary:     "Needed for the website to work. No consent needed.",
		AlwaysOn:      "always on",
		Services:      "Services",
		GPCNote:       "Your browser sends Global Privacy Control, a signal that you do not want to be tracked. We have honoured it: statistics and marketing are refused. You may still choose otherwise in the settings.",
		Settings:      "Cookie settings",
		PageTitle:     "Cookies at {name}",
		PageIntro:     "Here you see which cookies {name} uses and what you have chosen. You can change or withdraw your choice at any time.",
		NoneUsed:      "{name} uses no cookies that need consent. There is nothing to choose here, and you are not asked for consent on the pages of {name}.",
		YourChoice:    "Your choice",
		NotChosen:     "You have not chosen yet. No optional cookies are in use.",
		ChosenOn:      "Chosen on {date}.",
		Granted:       "accepted",
		Refused:       "refused",
		Withdraw:      "Withdraw consent",
		WithdrawHelp:  "Refuses all optional cookies and deletes them from your browser.",
		Receipt:       "Download consent receipt",
		ReceiptHelp:   "A signed receipt (JSON, Kantara Consent Receipt) of your latest choice, as proof of what you chose.",
		Saved:         "Your choice is saved.",
		ByGPC:         "Refused because of Global Privacy Control.",
		Lifetime:      "The choice lasts {days} days, or until the company changes its policy.",
		PolicyVersion: "Policy version",
	}
}
