package i18n

// MarketingText is the text of the marketing consent page, its e-mails and
// the page where a customer manages their consents.
type MarketingText struct {
	OptIn     string            // {name}, {channel}, {purposes}: the wording consented to
	Reserve   string            // {name}, {channel}: the wording of a "no"
	ChannelBy map[string]string // channel: as in "by e-mail"

	PageTitle     string // {name}
	PageIntro     string // {name}
	YesTitle      string
	NoTitle       string
	NoIntro       string // {name}
	ContactTitle  string
	ContactIntro  string
	Street        string
	PostalCode    string
	City          string
	PostalName    string
	NeedEmail     string
	NeedPhone     string
	NeedAddress   string
	Submit        string
	NoChannels    string // {name}
	CheckMail     string // {email}
	ManageLink    string
	ConfirmTitle  string
	ConfirmIntro  string // {name}
	ConfirmButton string
	DoneTitle     string
	DoneText      string // {name}
	ExpiredLink   string

	ManageTitle   string // {name}
	ManageIntro   string
	Status        map[string]string
	Since         string // {date}
	WithdrawOne   string // {channel}: as ChannelBy ("på e-post")
	WithdrawAll   string
	Withdrawn     string
	NothingToShow string

	ConfirmSubject string // {name}
	ConfirmMail    string // {name}
	ConfirmLink    string
	ConfirmExpiry  string // {time}
	ConfirmNotYou  string
	ReceiptSubject string // {name}
	ReceiptIntro   string // {name}, {date}
	ReceiptWording string
	ReceiptHow     string
	Footer         string

	LinkToPage     string // {name}: from the statement
	ForMarketers   string
	ExportTitle    string // {name}
	ExportIntro    string // {name}
	ExportToken    string
	ExportTokenFor string // {name}
	ExportLoad     string
	ExportCounts   string
	ExportFilter   string
	ExportChannel  string
	ExportStatusF  string
	ExportSince    string
	ExportAll      string
	ExportCSV      string
	ExportJSONL    string
	ExportShown    string // {n}, {total}
	ExportBadToken string
	ExportWrongCo  string
	ExportColumns  map[string]string
	ExportStatus   map[string]string // a consent's status, as a marketer reads it
	ExportFailed   string            // a download that did not come
}

// K returns the marketing text in language l, English for any other tag.
func K(l Lang) *MarketingText {
	switch l {
	case NB:
		return &MarketingText{
			OptIn:     "Ja, {name} kan sende meg markedsføring {channel}: {purposes}.",
			Reserve:   "Nei, {name} skal ikke kontakte meg med markedsføring {channel}.",
			ChannelBy: map[string]string{"email": "på e-post", "sms": "på SMS", "phone": "på telefon", "post": "i posten"},

			PageTitle:     "Markedsføring fra {name}",
			PageIntro:     "Velg selv hvordan {name} kan kontakte deg med markedsføring. Hver kanal er et eget valg, og ingenting er krysset av på forhånd. Du får en e-post for å bekrefte, og du kan trekke samtykket tilbake når som helst med ett klikk.",
			YesTitle:      "Ja takk til",
			NoTitle:       "Nei takk til telefon og post",
			NoIntro:       "{name} kan kontakte kunder på telefon eller i posten uten å spørre først. Her kan du si nei til det; nei-et gjelder til du ombestemmer deg.",
			ContactTitle:  "Hvordan du nås",
			ContactIntro:  "Vi spør bare om det som trengs for kanalene du har valgt. E-postadressen trengs for å bekrefte.",
			Street:        "Gateadresse",
			PostalCode:    "Postnummer",
			City:          "Poststed",
			PostalName:    "Navn på konvolutten",
			NeedEmail:     "Trengs alltid: hit sender vi lenken du bekrefter med.",
			NeedPhone:     "Trengs for SMS og telefon, og for å si nei til telefon.",
			NeedAddress:   "Trengs for post, og for å si nei til post.",
			Submit:        "Send",
			NoChannels:    "{name} oppgir ingen kanaler for markedsføring. Du kan likevel si nei til telefon og post.",
			CheckMail:     "Sjekk e-posten din: vi har sendt en lenke til {email}. Valgene gjelder først når du har bekreftet.",
			ManageLink:    "Se og trekk tilbake samtykkene dine:",
			ConfirmTitle:  "Bekreft valgene dine",
			ConfirmIntro:  "Trykk på knappen for å bekrefte valgene dine om markedsføring fra {name}.",
			ConfirmButton: "Bekreft",
			DoneTitle:     "Valgene dine er lagret",
			DoneText:      "Takk. Valgene dine om markedsføring fra {name} gjelder fra nå. Du får en kvittering på e-post.",
			ExpiredLink:   "Lenken er utløpt eller allerede brukt. Fyll ut skjemaet på nytt.",

			ManageTitle:   "Markedsføring fra {name}: dine valg",
			ManageIntro:   "Her ser du hva du har sagt ja og nei til. Å trekke tilbake virker med en gang.",
			Status:        map[string]string{"granted": "Du har sagt ja", "withdrawn": "Trukket tilbake", "reserved": "Du har sagt nei", "pending": "Venter på bekreftelse"},
			Since:         "siden {date}",
			WithdrawOne:   "Trekk tilbake samtykket til markedsføring {channel}",
			WithdrawAll:   "Trekk tilbake alle",
			Withdrawn:     "Samtykket er trukket tilbake. Du blir ikke kontaktet slik igjen.",
			NothingToShow: "Du har ingen samtykker til markedsføring fra dette selskapet.",

			ConfirmSubject: "Bekreft valgene dine om markedsføring fra {name}",
			ConfirmMail:    "Du, eller noen som oppga e-postadressen din, har valgt dette om markedsføring fra {name} på Personvernportalen. Ingenting gjelder før du bekrefter.",
			ConfirmLink:    "Bekreft her:",
			ConfirmExpiry:  "Lenken kan brukes én gang, til {time}.",
			ConfirmNotYou:  "Har du ikke gjort dette, kan du se bort fra e-posten.",
			ReceiptSubject: "Kvittering: dine valg om markedsføring fra {name}",
			ReceiptIntro:   "Dette har du bekreftet om markedsføring fra {name} ({date}):",
			ReceiptWording: "Ordlyden du har sagt ja eller nei til",
			ReceiptHow:     "Du kan trekke tilbake når som helst, med ett klikk:",
			Footer:         "Sendt av Personvernportalen på vegne av selskapet.",

			LinkToPage:     "Velg hva du vil ha av markedsføring fra {name}",
			ForMarketers:   "For markedsførere i selskapet: eksport av samtykker",
			ExportTitle:    "Samtykker til markedsføring: {name}",
			ExportIntro:    "For markedsførere hos {name}: hvem som har gitt samtykke på hvilken kanal og siden når, og hvem som har trukket det tilbake eller reservert seg.",
			ExportToken:    "Eksportnøkkel",
			ExportTokenFor: "Nøkkelen har du fått av den som driver portalen for {name}. Den brukes bare på denne siden, lagres ingen steder og er borte når du lukker siden.",
			ExportLoad:     "Hent",
			ExportCounts:   "Oversikt per kanal",
			ExportFilter:   "Filter",
			ExportChannel:  "Kanal",
			ExportStatusF:  "Status",
			ExportSince:    "Endret siden",
			ExportAll:      "Alle",
			ExportCSV:      "Last ned CSV",
			ExportJSONL:    "Last ned JSON Lines",
			ExportShown:    "Viser {n} av {total}.",
			ExportBadToken: "Nøkkelen stemmer ikke.",
			ExportWrongCo:  "Nøkkelen gjelder et annet selskap.",
			ExportColumns:  map[string]string{"email": "E-post", "phone": "Telefon", "address": "Navn og adresse", "channel": "Kanal", "status": "Status", "since": "Siden"},
			ExportStatus:   map[string]string{"granted": "Samtykke gitt", "withdrawn": "Samtykke trukket tilbake", "reserved": "Reservert mot kontakt"},
			ExportFailed:   "Nedlastingen mislyktes. Prøv igjen, eller hent på nytt med nøkkelen.",
		}
	case DA:
		return &MarketingText{
			OptIn:     "Ja, {name} må sende mig markedsføring {channel}: {purposes}.",
			Reserve:   "Nej, {name} må ikke kontakte mig med markedsføring {channel}.",
			ChannelBy: map[string]string{"email": "på e-mail", "sms": "på SMS", "phone": "på telefon", "post": "med posten"},

			PageTitle:     "Markedsføring fra {name}",
			PageIntro:     "Vælg selv, hvordan {name} må kontakte dig med markedsføring. Hver kanal er et valg for sig, og intet er krydset af på forhånd. Du får en e-mail for at bekræfte, og du kan trække samtykket tilbage når som helst med ét klik.",
			YesTitle:      "Ja tak til",
			NoTitle:       "Nej tak til telefon og post",
			NoIntro:       "{name} kan kontakte kunder på telefon eller med posten uden at spørge først. Her kan du sige nej til det; nej'et gælder, indtil du ændrer mening.",
			ContactTitle:  "Hvordan du kan kontaktes",
			ContactIntro:  "Vi spørger kun om det, der skal bruges til de kanaler, du har valgt. E-mailadressen skal bruges til at bekræfte.",
			Street:        "Adresse",
			PostalCode:    "Postnummer",
			City:          "By",
			PostalName:    "Navn på kuverten",
			NeedEmail:     "Skal altid bruges: hertil sender vi linket, du bekræfter med.",
			NeedPhone:     "Skal bruges til SMS og telefon, og til at sige nej til telefon.",
			NeedAddress:   "Skal bruges til post, og til at sige nej til post.",
			Submit:        "Send",
			NoChannels:    "{name} oplyser ingen kanaler til markedsføring. Du kan stadig sige nej til telefon og post.",
			CheckMail:     "Tjek din e-mail: vi har sendt et link til {email}. Valgene gælder først, når du har bekræftet.",
			ManageLink:    "Se og træk dine samtykker tilbage:",
			ConfirmTitle:  "Bekræft dine valg",
			ConfirmIntro:  "Tryk på knappen for at bekræfte dine valg om markedsføring fra {name}.",
			ConfirmButton: "Bekræft",
			DoneTitle:     "Dine valg er gemt",
			DoneText:      "Tak. Dine valg om markedsføring fra {name} gælder fra nu. Du får en kvittering på e-mail.",
			ExpiredLink:   "Linket er udløbet eller allerede brugt. Udfyld formularen igen.",

			ManageTitle:   "Markedsføring fra {name}: dine valg",
			ManageIntro:   "Her kan du se, hvad du har sagt ja og nej til. At trække tilbage virker med det samme.",
			Status:        map[string]string{"granted": "Du har sagt ja", "withdrawn": "Trukket tilbage", "reserved": "Du har sagt nej", "pending": "Venter på bekræftelse"},
			Since:         "siden {date}",
			WithdrawOne:   "Træk samtykket til markedsføring {channel} tilbage",
			WithdrawAll:   "Træk alle tilbage",
			Withdrawn:     "Samtykket er trukket tilbage. Du bliver ikke kontaktet sådan igen.",
			NothingToShow: "Du har ingen samtykker til markedsføring fra denne virksomhed.",

			ConfirmSubject: "Bekræft dine valg om markedsføring fra {name}",
			ConfirmMail:    "Du, eller nogen der opgav din e-mailadresse, har valgt dette om markedsføring fra {name} på Privatlivsportalen. Intet gælder, før du bekræfter.",
			ConfirmLink:    "Bekræft her:",
			ConfirmExpiry:  "Linket kan bruges én gang, indtil {time}.",
			ConfirmNotYou:  "Har du ikke gjort det, kan du se bort fra e-mailen.",
			ReceiptSubject: "Kvittering: dine valg om markedsføring fra {name}",
			ReceiptIntro:   "Dette har du bekræftet om markedsføring fra {name} ({date}):",
			ReceiptWording: "Den ordlyd, du har sagt ja eller nej til",
			ReceiptHow:     "Du kan trække tilbage når som helst med ét klik:",
			Footer:         "Sendt af Privatlivsportalen på virksomhedens vegne.",

			LinkToPage:     "Vælg, hvilken markedsføring du vil have fra {name}",
			ForMarketers:   "For virksomhedens marketingfolk: eksport af samtykker",
			ExportTitle:    "Samtykker til markedsføring: {name}",
			ExportIntro:    "For marketingfolk hos {name}: hvem der har givet samtykke på hvilken kanal og siden hvornår, og hvem der har trukket det tilbage eller frabedt sig henvendelser.",
			ExportToken:    "Eksportnøgle",
			ExportTokenFor: "Nøglen har du fået af den, der driver portalen for {name}. Den bruges kun på denne side, gemmes ingen steder og er væk, når du lukker siden.",
			ExportLoad:     "Hent",
			ExportCounts:   "Overblik pr. kanal",
			ExportFilter:   "Filter",
			ExportChannel:  "Kanal",
			ExportStatusF:  "Status",
			ExportSince:    "Ændret siden",
			ExportAll:      "Alle",
			ExportCSV:      "Hent CSV",
			ExportJSONL:    "Hent JSON Lines",
			ExportShown:    "Viser {n} af {total}.",
			ExportBadToken: "Nøglen passer ikke.",
			ExportWrongCo:  "Nøglen hører til en anden virksomhed.",
			ExportColumns:  map[string]string{"email": "E-mail", "phone": "Telefon", "address": "Navn og adresse", "channel": "Kanal", "status": "Status", "since": "Siden"},
			ExportStatus:   map[string]string{"granted": "Samtykke givet", "withdrawn": "Samtykke trukket tilbage", "reserved": "Frabedt sig henvendelser"},
			ExportFailed:   "Downloaden mislykkedes. Prøv igen, eller hent igen med nøglen.",
		}
	}
	return &MarketingText{
		OptIn:     "Yes, {name} may send me marketing {channel}: {purposes}.",
		Reserve:   "No, {name} may not contact me with marketing {channel}.",
		ChannelBy: map[string]string{"email": "by e-mail", "sms": "by SMS", "phone": "by phone", "post": "by post"},

		PageTitle:     "Marketing from {name}",
		PageIntro:     "Choose how {name} may contact you with marketing. Each channel is a separate choice, and nothing is ticked for you. You get an e-mail to confirm, and you can withdraw your consent at any time with one click.",
		YesTitle:      "Yes please to",
		NoTitle:       "No thanks to phone and post",
		NoIntro:       "{name} may contact customers by phone or post without asking first. Here you can say no to that; it stands until you change your mind.",
		ContactTitle:  "How to reach you",
		ContactIntro:  "We ask only for what the channels you chose need. The e-mail address is needed to confirm.",
		Street:        "Street address",
		PostalCode:    "Postal code",
		City:          "City",
		PostalName:    "Name on the envelope",
		NeedEmail:     "Always needed: we send the link you confirm with here.",
		NeedPhone:     "Needed for SMS and phone, and to say no to phone calls.",
		NeedAddress:   "Needed for post, and to say no to post.",
		Submit:        "Send",
		NoChannels:    "{name} names no marketing channels. You can still say no to phone and post.",
		CheckMail:     "Check your e-mail: we sent a link to {email}. Your choices count only once you confirm.",
		ManageLink:    "See and withdraw your consents:",
		ConfirmTitle:  "Confirm your choices",
		ConfirmIntro:  "Press the button to confirm your choices about marketing from {name}.",
		ConfirmButton: "Confirm",
		DoneTitle:     "Your choices are saved",
		DoneText:      "Thank you. Your choices about marketing from {name} count from now. You will get a receipt by e-mail.",
		ExpiredLink:   "The link has expired or was used already. Fill in the form again.",

		ManageTitle:   "Marketing from {name}: your choices",
		ManageIntro:   "Here you see what you said yes and no to. Withdrawing takes effect at once.",
		Status:        map[string]string{"granted": "You said yes", "withdrawn": "Withdrawn", "reserved": "You said no", "pending": "Waiting for confirmation"},
		Since:         "since {date}",
		WithdrawOne:   "Withdraw consent to marketing {channel}",
		WithdrawAll:   "Withdraw all",
		Withdrawn:     "Your consent is withdrawn. You will not be contacted this way again.",
		NothingToShow: "You have no marketing consents with this company.",

		ConfirmSubject: "Confirm your choices about marketing from {name}",
		ConfirmMail:    "You, or someone who gave your e-mail address, chose this about marketing from {name} on the privacy portal. Nothing counts until you confirm.",
		ConfirmLink:    "Confirm here:",
		ConfirmExpiry:  "The link works once, until {time}.",
		ConfirmNotYou:  "If this was not you, ignore this e-mail.",
		ReceiptSubject: "Receipt: your choices about marketing from {name}",
		ReceiptIntro:   "This is what you confirmed about marketing from {name} ({date}):",
		ReceiptWording: "The wording you said yes or no to",
		ReceiptHow:     "You can withdraw at any time, with one click:",
		Footer:         "Sent by the privacy portal on the company's behalf.",

		LinkToPage:     "Choose what marketing you want from {name}",
		ForMarketers:   "For the company's marketers: consent exports",
		ExportTitle:    "Marketing consents: {name}",
		ExportIntro:    "For {name}'s marketers: who has consented on which channel and since when, and who has withdrawn or opted out.",
		ExportToken:    "Export key",
		ExportTokenFor: "The key you were given by whoever runs the portal for {name}. It is used on this page only, stored nowhere, and gone when you close the page.",
		ExportLoad:     "Load",
		ExportCounts:   "By channel",
		ExportFilter:   "Filter",
		ExportChannel:  "Channel",
		ExportStatusF:  "Status",
		ExportSince:    "Changed since",
		ExportAll:      "All",
		ExportCSV:      "Download CSV",
		ExportJSONL:    "Download JSON Lines",
		ExportShown:    "Showing {n} of {total}.",
		ExportBadToken: "The key is not right.",
		ExportWrongCo:  "The key belongs to another company.",
		ExportColumns:  map[string]string{"email": "E-mail", "phone": "Phone", "address": "Name and address", "channel": "Channel", "status": "Status", "since": "Since"},
		ExportStatus:   map[string]string{"granted": "Consent given", "withdrawn": "Consent withdrawn", "reserved": "Opted out"},
		ExportFailed:   "The download failed. Try again, or load again with the key.",
	}
}
