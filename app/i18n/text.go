package i18n

import (
	"strings"
	"sync"
)

// Text is the portal's interface text in one language. Every field must be
// filled in every language; a test checks that none is left empty.
//
// Texts with a placeholder use {name}-style markers, filled in by Fill.
type Text struct {
	SiteName      string
	SkipToContent string
	LanguageNav   string
	// ContentLanguage tells the reader that the statement is in the
	// company's language when the interface is in another; {lang} is that
	// language's name.
	ContentLanguage string

	HomeTitle     string
	HomeIntro     string
	HomeCompanies string
	ReadStatement string

	StatementTitle  string // {name}
	Contents        string
	LastUpdated     string // {date}
	Undated         string // {date}
	SectionAbout    string
	SectionData     string
	SectionPurposes string
	SectionShared   string
	SectionTransfer string
	SectionRetain   string
	SectionRights   string
	SectionCookies  string
	SectionMarket   string
	SectionContact  string
	SectionAuth     string

	Controller        string
	ControllersMany   string
	OrgNumberNO       string
	OrgNumberDK       string
	NotStated         string
	AddressLabel      string
	PhoneLabel        string
	EmailLabel        string
	WebsiteLabel      string
	PrivacyEmail      string
	Examples          string
	Sources           string
	Purpose           string
	LegalBasis        string
	LegalBasisRef     string // {letter}
	LegitInterest     string
	Recipient         string
	Role              string
	NoRecipients      string
	TransfersYes      string
	TransfersNo       string
	Safeguards        string
	RetainData        string
	RetainPeriod      string
	RetainReason      string
	StatedLimits      string
	RightNotDescribed string
	CookieCategory    string
	CookieService     string
	CookieProvider    string
	CookieNames       string
	NoOptionalCookie  string
	ConsentNeeded     string
	NoConsentNeeded   string
	Channels          string
	NoChannels        string
	Tools             string
	AuthorityIntro    string
	ContactIntro      string

	FooterPrivacy string
	FooterSource  string

	NotFoundTitle string
	NotFoundText  string
	NotFoundHome  string
	// Back is the link back to the portal page a visitor came from.
	Back string
	// CrossSiteTitle and CrossSiteText explain a form refused because
	// another site posted it.
	CrossSiteTitle string
	CrossSiteText  string
	NotFoundBack   string // {name}

	// Errors are the messages of the API's error codes (see functions/api).
	Errors map[string]string

	LanguageNames map[Lang]string
	LegalBases    map[string]string
	Roles         map[string]string
	Rights        map[string]string
	RightArticles map[string]string
	CookieKinds   map[string]string
	ChannelNames  map[string]string
}

// Fill replaces each {key} in s with its value, given as key, value pairs.
func Fill(s string, pairs ...string) string {
	for i := 0; i+1 < len(pairs); i += 2 {
		s = strings.ReplaceAll(s, "{"+pairs[i]+"}", pairs[i+1])
	}
	return s
}

// T returns the interface text in language l, English for any other tag.
// Every caller gets the same table, built on first use: it is read-only.
// (Building it, maps and all, for each call cost the Worker more than the
// rest of answering a form with errors.)
func T(l Lang) *Text {
	switch l {
	case NB:
		return nbOnce()
	case DA:
		return daOnce()
	default:
		return enOnce()
	}
}

// The tables of T; constant once built.
var (
	nbOnce = sync.OnceValue(nbText)
	daOnce = sync.OnceValue(daText)
	enOnce = sync.OnceValue(enText)
)

func nbText() *Text {
	return &Text{
		SiteName:        "Personvernportalen",
		SkipToContent:   "Gå til hovedinnholdet",
		LanguageNav:     "Språk",
		ContentLanguage: "Erklæringen vises på selskapets eget språk ({lang}).",

		HomeTitle:     "Hvordan behandles personopplysningene dine?",
		HomeIntro:     "Velg selskapet du er kunde hos. Du får lese hvordan det behandler personopplysningene dine, hvem du kontakter, og hvilke rettigheter du har.",
		HomeCompanies: "Selskaper",
		ReadStatement: "Les personvernerklæringen til {name}",

		StatementTitle:  "Personvernerklæring for {name}",
		Contents:        "Innhold",
		LastUpdated:     "Sist oppdatert {date}.",
		Undated:         "Erklæringen er ikke datert. Teksten er gjengitt slik den var {date}.",
		SectionAbout:    "Behandlingsansvarlig",
		SectionData:     "Personopplysninger og hvor de kommer fra",
		SectionPurposes: "Formål og rettslig grunnlag",
		SectionShared:   "Hvem opplysningene deles med",
		SectionTransfer: "Overføring ut av EU/EØS",
		SectionRetain:   "Hvor lenge opplysningene lagres",
		SectionRights:   "Dine rettigheter",
		SectionCookies:  "Informasjonskapsler (cookies)",
		SectionMarket:   "Markedsføring",
		SectionContact:  "Kontakt om personvern",
		SectionAuth:     "Tilsynsmyndighet",

		Controller:        "Behandlingsansvarlig",
		ControllersMany:   "Behandlingsansvarlige",
		OrgNumberNO:       "Org.nr.",
		OrgNumberDK:       "CVR-nr.",
		NotStated:         "ikke oppgitt i erklæringen",
		AddressLabel:      "Adresse",
		PhoneLabel:        "Telefon",
		EmailLabel:        "E-post",
		WebsiteLabel:      "Nettsted",
		PrivacyEmail:      "E-post for personvernhenvendelser",
		Examples:          "Eksempler",
		Sources:           "Kilder",
		Purpose:           "Formål",
		LegalBasis:        "Rettslig grunnlag",
		LegalBasisRef:     "personvernforordningen art. 6 nr. 1 bokstav {letter}",
		LegitInterest:     "Den berettigede interessen",
		Recipient:         "Mottaker",
		Role:              "Rolle",
		NoRecipients:      "Erklæringen nevner ingen mottakere.",
		TransfersYes:      "Ja, opplysninger overføres ut av EU/EØS.",
		TransfersNo:       "Nei, opplysninger overføres ikke ut av EU/EØS.",
		Safeguards:        "Garantier",
		RetainData:        "Opplysninger",
		RetainPeriod:      "Hvor lenge",
		RetainReason:      "Hvorfor",
		StatedLimits:      "Begrensninger selskapet oppgir",
		RightNotDescribed: "Erklæringen beskriver ikke denne retten, men du har den etter personvernforordningen.",
		CookieCategory:    "Kategori",
		CookieService:     "Tjeneste",
		CookieProvider:    "Leverandør",
		CookieNames:       "Informasjonskapsler",
		NoOptionalCookie:  "Selskapet bruker ingen informasjonskapsler som krever samtykke.",
		ConsentNeeded:     "krever samtykke",
		NoConsentNeeded:   "krever ikke samtykke",
		Channels:          "Kanaler",
		NoChannels:        "Erklæringen nevner ingen markedsføringskanaler.",
		Tools:             "Verktøy",
		AuthorityIntro:    "Du kan klage til tilsynsmyndigheten hvis du mener at selskapet behandler personopplysningene dine i strid med regelverket.",
		ContactIntro:      "Spørsmål og krav om personvern sendes til:",

		FooterPrivacy: "Personvernportalen bruker ingen informasjonskapsler til egne formål, ingen analyseverktøy og henter ingenting fra andre nettsteder.",
		FooterSource:  "Innholdet er hentet fra selskapenes egne personvernerklæringer.",

		NotFoundTitle:  "Siden finnes ikke",
		NotFoundText:   "Vi fant ingen side på denne adressen. Kanskje lenken er feil, eller siden er flyttet.",
		NotFoundHome:   "Gå til forsiden",
		Back:           "Tilbake",
		CrossSiteTitle: "Skjemaet kom fra et annet nettsted",
		CrossSiteText:  "Portalen tar bare imot skjemaer som er sendt fra portalens egne sider. Ingenting er lagret eller endret. Gå til siden i portalen og prøv igjen der.",
		NotFoundBack:   "Gå til personvernerklæringen for {name}",

		Errors: map[string]string{
			"not_found":          "Fant ikke det du ba om.",
			"unknown_controller": "Portalen har ikke noe selskap med denne adressen.",
			"method_not_allowed": "Denne adressen tar ikke imot slike forespørsler.",
			"too_large":          "Forespørselen er for stor.",
			"rate_limited":       "For mange forespørsler. Vent litt og prøv igjen.",
			"bad_request":        "Forespørselen kunne ikke leses.",
			"unsupported_media":  "Forespørselen har et format portalen ikke tar imot.",
			"internal":           "Noe gikk galt hos oss. Ingenting er endret. Prøv igjen om litt.",
			"invalid":            "Noen felt må rettes.",
			"bad_token":          "Lenken er feil eller ufullstendig.",
			"bad_code":           "Koden stemmer ikke.",
			"too_many_codes":     "For mange feil koder. Bruk lenken i e-posten.",
			"expired":            "Fristen for å bekrefte er ute, og kravet er slettet.",
			"conflict":           "Kravet er ikke i en tilstand der dette kan gjøres.",
			"erased":             "Opplysningene er slettet fra portalen.",
			"too_late":           "Fristen kan bare forlenges innen den første måneden.",
			"unauthorized":       "Eksportnøkkelen mangler eller stemmer ikke.",
			"forbidden":          "Eksportnøkkelen gjelder et annet selskap.",
			"cross_site":         "Skjemaet ble sendt fra et annet nettsted. Ingenting er endret.",
			"bad_encoding":       "Forespørselen inneholdt tegn som ikke kunne leses. Ingenting er lagret.",
			"link_expired":       "Lenken er allerede brukt eller for gammel.",
		},

		LanguageNames: map[Lang]string{NB: "norsk", DA: "dansk", EN: "engelsk"},
		LegalBases: map[string]string{
			"a": "Samtykke", "b": "Avtale", "c": "Rettslig forpliktelse",
			"d": "Vitale interesser", "e": "Allmennhetens interesse eller offentlig myndighet", "f": "Berettiget interesse",
		},
		Roles: map[string]string{
			"processor": "Databehandler", "controller": "Selvstendig behandlingsansvarlig",
			"authority": "Offentlig myndighet", "group": "Selskap i samme konsern",
		},
		Rights: map[string]string{
			"access": "Rett til innsyn", "rectification": "Rett til retting", "erasure": "Rett til sletting",
			"restriction": "Rett til begrenset behandling", "portability": "Rett til dataportabilitet",
			"objection": "Rett til å protestere", "withdraw_consent": "Rett til å trekke tilbake samtykke",
			"complaint": "Rett til å klage",
		},
		RightArticles: map[string]string{
			"access": "art. 15", "rectification": "art. 16", "erasure": "art. 17", "restriction": "art. 18",
			"portability": "art. 20", "objection": "art. 21", "withdraw_consent": "art. 7 nr. 3", "complaint": "art. 77",
		},
		CookieKinds:  map[string]string{"necessary": "Nødvendige", "statistics": "Statistikk", "marketing": "Markedsføring"},
		ChannelNames: map[string]string{"email": "E-post", "sms": "SMS", "phone": "Telefon", "post": "Post"},
	}
}

func daText() *Text {
	return &Text{
		SiteName:        "Privatlivsportalen",
		SkipToContent:   "Gå til hovedindholdet",
		LanguageNav:     "Sprog",
		ContentLanguage: "Politikken vises på virksomhedens eget sprog ({lang}).",

		HomeTitle:     "Hvordan behandles dine personoplysninger?",
		HomeIntro:     "Vælg den virksomhed, du er kunde hos. Du kan læse, hvordan den behandler dine personoplysninger, hvem du skal kontakte, og hvilke rettigheder du har.",
		HomeCompanies: "Virksomheder",
		ReadStatement: "Læs privatlivspolitikken for {name}",

		StatementTitle:  "Privatlivspolitik for {name}",
		Contents:        "Indhold",
		LastUpdated:     "Senest opdateret {date}.",
		Undated:         "Politikken er ikke dateret. Teksten er gengivet, som den var {date}.",
		SectionAbout:    "Dataansvarlig",
		SectionData:     "Personoplysninger og hvor de kommer fra",
		SectionPurposes: "Formål og retsgrundlag",
		SectionShared:   "Hvem oplysningerne deles med",
		SectionTransfer: "Overførsel til lande uden for EU/EØS",
		SectionRetain:   "Hvor længe oplysningerne opbevares",
		SectionRights:   "Dine rettigheder",
		SectionCookies:  "Cookies",
		SectionMarket:   "Markedsføring",
		SectionContact:  "Kontakt om databeskyttelse",
		SectionAuth:     "Tilsynsmyndighed",

		Controller:        "Dataansvarlig",
		ControllersMany:   "Dataansvarlige",
		OrgNumberNO:       "Org.nr.",
		OrgNumberDK:       "CVR-nr.",
		NotStated:         "ikke oplyst i politikken",
		AddressLabel:      "Adresse",
		PhoneLabel:        "Telefon",
		EmailLabel:        "E-mail",
		WebsiteLabel:      "Hjemmeside",
		PrivacyEmail:      "E-mail til henvendelser om databeskyttelse",
		Examples:          "Eksempler",
		Sources:           "Kilder",
		Purpose:           "Formål",
		LegalBasis:        "Retsgrundlag",
		LegalBasisRef:     "databeskyttelsesforordningens art. 6, stk. 1, litra {letter}",
		LegitInterest:     "Den legitime interesse",
		Recipient:         "Modtager",
		Role:              "Rolle",
		NoRecipients:      "Politikken nævner ingen modtagere.",
		TransfersYes:      "Ja, oplysninger overføres til lande uden for EU/EØS.",
		TransfersNo:       "Nej, oplysninger overføres ikke til lande uden for EU/EØS.",
		Safeguards:        "Garantier",
		RetainData:        "Oplysninger",
		RetainPeriod:      "Hvor længe",
		RetainReason:      "Hvorfor",
		StatedLimits:      "Begrænsninger, som virksomheden oplyser",
		RightNotDescribed: "Politikken beskriver ikke denne rettighed, men du har den efter databeskyttelsesforordningen.",
		CookieCategory:    "Kategori",
		CookieService:     "Tjeneste",
		CookieProvider:    "Udbyder",
		CookieNames:       "Cookies",
		NoOptionalCookie:  "Virksomheden bruger ingen cookies, der kræver samtykke.",
		ConsentNeeded:     "kræver samtykke",
		NoConsentNeeded:   "kræver ikke samtykke",
		Channels:          "Kanaler",
		NoChannels:        "Politikken nævner ingen markedsføringskanaler.",
		Tools:             "Værktøjer",
		AuthorityIntro:    "Du kan klage til tilsynsmyndigheden, hvis du mener, at virksomheden behandler dine personoplysninger i strid med reglerne.",
		ContactIntro:      "Spørgsmål og anmodninger om databeskyttelse sendes til:",

		FooterPrivacy: "Privatlivsportalen bruger ingen cookies til egne formål, ingen analyseværktøjer og henter intet fra andre websteder.",
		FooterSource:  "Indholdet stammer fra virksomhedernes egne privatlivspolitikker.",

		NotFoundTitle:  "Siden findes ikke",
		NotFoundText:   "Vi fandt ingen side på denne adresse. Måske er linket forkert, eller siden er flyttet.",
		NotFoundHome:   "Gå til forsiden",
		Back:           "Tilbage",
		CrossSiteTitle: "Formularen kom fra et andet websted",
		CrossSiteText:  "Portalen tager kun imod formularer, der er sendt fra portalens egne sider. Intet er gemt eller ændret. Gå til siden i portalen, og prøv igen der.",
		NotFoundBack:   "Gå til privatlivspolitikken for {name}",

		Errors: map[string]string{
			"not_found":          "Det, du bad om, blev ikke fundet.",
			"unknown_controller": "Portalen har ingen virksomhed med denne adresse.",
			"method_not_allowed": "Denne adresse modtager ikke den slags forespørgsler.",
			"too_large":          "Forespørgslen er for stor.",
			"rate_limited":       "For mange forespørgsler. Vent lidt, og prøv igen.",
			"bad_request":        "Forespørgslen kunne ikke læses.",
			"unsupported_media":  "Forespørgslen har et format, som portalen ikke modtager.",
			"internal":           "Noget gik galt hos os. Intet er ændret. Prøv igen om lidt.",
			"invalid":            "Nogle felter skal rettes.",
			"bad_token":          "Linket er forkert eller ufuldstændigt.",
			"bad_code":           "Koden passer ikke.",
			"too_many_codes":     "For mange forkerte koder. Brug linket i e-mailen.",
			"expired":            "Fristen for at bekræfte er udløbet, og anmodningen er slettet.",
			"conflict":           "Anmodningen er ikke i en tilstand, hvor det kan lade sig gøre.",
			"erased":             "Oplysningerne er slettet fra portalen.",
			"too_late":           "Fristen kan kun forlænges inden for den første måned.",
			"unauthorized":       "Eksportnøglen mangler eller passer ikke.",
			"forbidden":          "Eksportnøglen hører til en anden virksomhed.",
			"cross_site":         "Formularen blev sendt fra et andet websted. Intet er ændret.",
			"bad_encoding":       "Forespørgslen indeholdt tegn, der ikke kunne læses. Intet er gemt.",
			"link_expired":       "Linket er allerede brugt eller for gammelt.",
		},

		LanguageNames: map[Lang]string{NB: "norsk", DA: "dansk", EN: "engelsk"},
		LegalBases: map[string]string{
			"a": "Samtykke", "b": "Kontrakt", "c": "Retlig forpligtelse",
			"d": "Vitale interesser", "e": "Samfundets interesse eller offentlig myndighed", "f": "Legitim interesse",
		},
		Roles: map[string]string{
			"processor": "Databehandler", "controller": "Selvstændig dataansvarlig",
			"authority": "Offentlig myndighed", "group": "Selskab i samme koncern",
		},
		Rights: map[string]string{
			"access": "Ret til indsigt", "rectification": "Ret til berigtigelse", "erasure": "Ret til sletning",
			"restriction": "Ret til begrænsning af behandling", "portability": "Ret til dataportabilitet",
			"objection": "Ret til indsigelse", "withdraw_consent": "Ret til at trække samtykke tilbage",
			"complaint": "Ret til at klage",
		},
		RightArticles: map[string]string{
			"access": "art. 15", "rectification": "art. 16", "erasure": "art. 17", "restriction": "art. 18",
			"portability": "art. 20", "objection": "art. 21", "withdraw_consent": "art. 7, stk. 3", "complaint": "art. 77",
		},
		CookieKinds:  map[string]string{"necessary": "Nødvendige", "statistics": "Statistik", "marketing": "Marketing"},
		ChannelNames: map[string]string{"email": "E-mail", "sms": "SMS", "phone": "Telefon", "post": "Brev"},
	}
}

func enText() *Text {
	return &Text{
		SiteName:        "Privacy portal",
		SkipToContent:   "Skip to main content",
		LanguageNav:     "Language",
		ContentLanguage: "The statement is shown in the company's own language ({lang}).",

		HomeTitle:     "How is your personal data handled?",
		HomeIntro:     "Choose the company you are a customer of. You can read how it handles your personal data, whom to contact, and what your rights are.",
		HomeCompanies: "Companies",
		ReadStatement: "Read the privacy statement of {name}",

		StatementTitle:  "Privacy statement of {name}",
		Contents:        "Contents",
		LastUpdated:     "Last updated {date}.",
		Undated:         "The statement is undated. The text is as it stood on {date}.",
		SectionAbout:    "Controller",
		SectionData:     "Personal data and where it comes from",
		SectionPurposes: "Purposes and legal basis",
		SectionShared:   "Who the data is shared with",
		SectionTransfer: "Transfers outside the EU/EEA",
		SectionRetain:   "How long the data is kept",
		SectionRights:   "Your rights",
		SectionCookies:  "Cookies",
		SectionMarket:   "Marketing",
		SectionContact:  "Privacy contact",
		SectionAuth:     "Supervisory authority",

		Controller:        "Controller",
		ControllersMany:   "Controllers",
		OrgNumberNO:       "Org. no.",
		OrgNumberDK:       "CVR no.",
		NotStated:         "not stated in the statement",
		AddressLabel:      "Address",
		PhoneLabel:        "Phone",
		EmailLabel:        "E-mail",
		WebsiteLabel:      "Website",
		PrivacyEmail:      "E-mail for privacy matters",
		Examples:          "Examples",
		Sources:           "Sources",
		Purpose:           "Purpose",
		LegalBasis:        "Legal basis",
		LegalBasisRef:     "GDPR Art. 6(1)({letter})",
		LegitInterest:     "The legitimate interest",
		Recipient:         "Recipient",
		Role:              "Role",
		NoRecipients:      "The statement names no recipients.",
		TransfersYes:      "Yes, data is transferred outside the EU/EEA.",
		TransfersNo:       "No, data is not transferred outside the EU/EEA.",
		Safeguards:        "Safeguards",
		RetainData:        "Data",
		RetainPeriod:      "How long",
		RetainReason:      "Why",
		StatedLimits:      "Limits the company states",
		RightNotDescribed: "The statement does not describe this right, but the GDPR gives it to you.",
		CookieCategory:    "Category",
		CookieService:     "Service",
		CookieProvider:    "Provider",
		CookieNames:       "Cookies",
		NoOptionalCookie:  "The company uses no cookies that need your consent.",
		ConsentNeeded:     "needs consent",
		NoConsentNeeded:   "needs no consent",
		Channels:          "Channels",
		NoChannels:        "The statement names no marketing channels.",
		Tools:             "Tools",
		AuthorityIntro:    "You may complain to the supervisory authority if you believe the company handles your personal data unlawfully.",
		ContactIntro:      "Send privacy questions and requests to:",

		FooterPrivacy: "The privacy portal sets no cookies for its own purposes, uses no analytics and loads nothing from other sites.",
		FooterSource:  "The content comes from the companies' own privacy statements.",

		NotFoundTitle:  "Page not found",
		NotFoundText:   "There is no page at this address. The link may be wrong, or the page may have moved.",
		NotFoundHome:   "Go to the front page",
		Back:           "Back",
		CrossSiteTitle: "The form came from another website",
		CrossSiteText:  "The portal only accepts forms sent from its own pages. Nothing was stored or changed. Go to the page on the portal and try again there.",
		NotFoundBack:   "Go to the privacy statement of {name}",

		Errors: map[string]string{
			"not_found":          "Nothing was found at this address.",
			"unknown_controller": "The portal has no company at this address.",
			"method_not_allowed": "This address does not accept this kind of request.",
			"too_large":          "The request is too large.",
			"rate_limited":       "Too many requests. Please wait a little and try again.",
			"bad_request":        "The request could not be read.",
			"unsupported_media":  "The request is in a format the portal does not accept.",
			"internal":           "Something went wrong on our side. Nothing was changed. Please try again shortly.",
			"invalid":            "Some fields need correcting.",
			"bad_token":          "The link is wrong or incomplete.",
			"bad_code":           "The code does not match.",
			"too_many_codes":     "Too many wrong codes. Use the link in the e-mail.",
			"expired":            "The time to confirm has run out, and the request has been deleted.",
			"conflict":           "The request is not in a state where this can be done.",
			"erased":             "The data has been deleted from the portal.",
			"too_late":           "The deadline can only be extended within the first month.",
			"unauthorized":       "The export key is missing or wrong.",
			"forbidden":          "The export key belongs to another company.",
			"cross_site":         "The form was sent from another website. Nothing was changed.",
			"bad_encoding":       "The request contained characters that could not be read. Nothing was stored.",
			"link_expired":       "The link has already been used or is too old.",
		},

		LanguageNames: map[Lang]string{NB: "Norwegian", DA: "Danish", EN: "English"},
		LegalBases: map[string]string{
			"a": "Consent", "b": "Contract", "c": "Legal obligation",
			"d": "Vital interests", "e": "Public interest or official authority", "f": "Legitimate interests",
		},
		Roles: map[string]string{
			"processor": "Processor", "controller": "Independent controller",
			"authority": "Public authority", "group": "Company in the same group",
		},
		Rights: map[string]string{
			"access": "Right of access", "rectification": "Right to rectification", "erasure": "Right to erasure",
			"restriction": "Right to restriction of processing", "portability": "Right to data portability",
			"objection": "Right to object", "withdraw_consent": "Right to withdraw consent",
			"complaint": "Right to lodge a complaint",
		},
		RightArticles: map[string]string{
			"access": "Art. 15", "rectification": "Art. 16", "erasure": "Art. 17", "restriction": "Art. 18",
			"portability": "Art. 20", "objection": "Art. 21", "withdraw_consent": "Art. 7(3)", "complaint": "Art. 77",
		},
		CookieKinds:  map[string]string{"necessary": "Necessary", "statistics": "Statistics", "marketing": "Marketing"},
		ChannelNames: map[string]string{"email": "E-mail", "sms": "SMS", "phone": "Phone", "post": "Post"},
	}
}
