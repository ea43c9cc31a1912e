package i18n

// MailText is the text of the e-mails the portal sends, in one language.
// Mails to a customer are in the customer's language; mails to a company
// are in the company's. Placeholders are {name}-style, filled in by Fill.
type MailText struct {
	// To the customer: confirm the e-mail address.
	ConfirmSubject string // {name}
	ConfirmIntro   string // {request}, {name}
	ConfirmLink    string
	ConfirmCode    string // {code}
	ConfirmExpiry  string // {time}
	ConfirmNotYou  string

	// To the company: the signed request.
	ForwardSubject  string // {request} (RequestText.Requests, capitalised), {reference}, {due}
	ForwardIntro    string
	ForwardAsked    string // {type}, {article}
	ForwardFrom     string
	ForwardIDs      string
	ForwardDetails  string
	ForwardText     string
	ReceiptIDs      string // the identifiers' heading in the customer's receipt
	ReceiptText     string // the customer's own message, in their receipt
	ForwardTimeline string
	Received        string // {date}
	Due             string // {date}
	Latest          string // {date}
	ExtensionRule   string // {due}
	ClockRule       string
	Electronic      string
	ReplyHow        string
	Identity        string
	HandledLink     string
	HandledButton   string
	ExtendLink      string
	ExtendButton    string
	CustomerLang    string          // {language}: the language the customer used
	LanguageNames   map[Lang]string // each language, named in this one
	VerifyHow       string          // {kid}
	VerifyLink      string
	KeysLink        string
	Footer          string

	// To the customer: the receipt.
	ReceiptSubject string // {name}, {reference}
	ReceiptIntro   string // {name}, {date}
	ReceiptDue     string // {due}, {latest}

	// To the company: reminders.
	Reminder7Subject   string // {reference}, {due}
	ReminderDueSubject string // {reference}
	ReminderIntro      string // {request}, {reference}, {submitted}, {due}
	ReminderStop       string

	// To the customer: the company extended the deadline.
	ExtensionSubject string // {name}, {reference}
	ExtensionIntro   string // {name}, {reference}, {date}
	ExtensionReasons string // {name}
}

// M returns the mail text in language l, English for any other tag.
func M(l Lang) *MailText {
	switch l {
	case NB:
		return &MailText{
			ConfirmSubject: "Bekreft kravet ditt til {name}",
			ConfirmIntro:   "Du, eller noen som oppga e-postadressen din, har fylt ut dette til {name} på Personvernportalen: {request}. Kravet sendes først når du bekrefter at e-postadressen er din.",
			ConfirmLink:    "Bekreft her:",
			ConfirmCode:    "Eller skriv inn denne koden på siden der du sendte kravet: {code}",
			ConfirmExpiry:  "Lenken og koden gjelder til {time}. Deretter slettes kravet.",
			ConfirmNotYou:  "Har du ikke sendt dette, kan du se bort fra e-posten. Kravet slettes da av seg selv.",

			ForwardSubject:  "{request} – ref. {reference} – frist {due}",
			ForwardIntro:    "Personvernportalen har mottatt dette kravet fra en av kundene deres. Kunden har bekreftet e-postadressen sin.",
			ForwardAsked:    "Kunden ber om: {type} (personvernforordningen {article})",
			ForwardFrom:     "Fra",
			ForwardIDs:      "Opplysninger som kan hjelpe dere å finne kunden",
			ForwardDetails:  "Detaljer",
			ForwardText:     "Kundens melding",
			ReceiptIDs:      "Det du oppga for å bli funnet",
			ReceiptText:     "Meldingen din",
			ForwardTimeline: "Frister (personvernforordningen art. 12 nr. 3)",
			Received:        "Mottatt: {date}",
			Due:             "Svarfrist: {date} (én måned)",
			Latest:          "Seneste frist hvis dere forlenger: {date} (tre måneder)",
			ExtensionRule:   "En forlengelse må begrunnes og meddeles kunden innen den første måneden, det vil si senest {due}.",
			ClockRule:       "Fristene regnes fra dagen kravet kom til dere, da kunden bekreftet det. En frist som faller på en lørdag, søndag eller helligdag, går ut neste virkedag.",
			Electronic:      "Kravet er sendt elektronisk. Svaret skal gis elektronisk hvis mulig, med mindre kunden ber om noe annet.",
			ReplyHow:        "Svar kunden direkte ved å svare på denne e-posten; svaret går til kundens adresse.",
			Identity:        "Portalen har ikke bedt om legitimasjon. Har dere rimelig tvil om identiteten, kan dere be om flere opplysninger (art. 12 nr. 6).",
			HandledLink:     "Når kravet er behandlet, marker det her, så stopper påminnelsene:",
			HandledButton:   "Marker som behandlet",
			ExtendLink:      "Trenger dere mer tid, forleng fristen her (kunden får beskjed):",
			ExtendButton:    "Forleng fristen",
			CustomerLang:    "Kunden brukte portalen på {language} og får beskjeder fra portalen på {language}.",
			LanguageNames:   map[Lang]string{NB: "norsk", DA: "dansk", EN: "engelsk"},
			VerifyHow:       "Vedlagt request.json er kravet, signert av portalen med nøkkel {kid}; request.json.sig er signaturen (Ed25519). Slik kontrollerer dere at det er ekte og uendret:",
			VerifyLink:      "I nettleseren, uten å laste opp noe:",
			KeysLink:        "Portalens offentlige nøkler:",
			Footer:          "Sendt av Personvernportalen på vegne av kunden.",

			ReceiptSubject: "Kvittering: kravet ditt er sendt til {name} – ref. {reference}",
			ReceiptIntro:   "Kravet ditt er signert og sendt til personvernkontakten hos {name} {date}.",
			ReceiptDue:     "{name} skal svare deg innen {due}. Fristen kan forlenges til {latest} hvis kravet er komplisert, men da skal du få beskjed og en begrunnelse innen den første måneden.",

			Reminder7Subject:   "Påminnelse: frist om sju dager for krav {reference} ({due})",
			ReminderDueSubject: "Påminnelse: fristen for krav {reference} er i dag",
			ReminderIntro:      "Kravet {reference} ({request}), sendt {submitted}, har svarfrist {due} og er ikke markert som behandlet.",
			ReminderStop:       "Er kravet besvart, marker det som behandlet, så stopper påminnelsene:",

			ExtensionSubject: "{name} har forlenget fristen for kravet ditt – ref. {reference}",
			ExtensionIntro:   "{name} har forlenget fristen for å svare på kravet ditt {reference}. Den nye fristen er {date}.",
			ExtensionReasons: "Begrunnelsen fra {name}:",
		}
	case DA:
		return &MailText{
			ConfirmSubject: "Bekræft din anmodning til {name}",
			ConfirmIntro:   "Du, eller nogen der opgav din e-mailadresse, har udfyldt dette til {name} på Privatlivsportalen: {request}. Anmodningen sendes først, når du bekræfter, at e-mailadressen er din.",
			ConfirmLink:    "Bekræft her:",
			ConfirmCode:    "Eller skriv denne kode på siden, hvor du sendte anmodningen: {code}",
			ConfirmExpiry:  "Linket og koden gælder til {time}. Derefter slettes anmodningen.",
			ConfirmNotYou:  "Har du ikke sendt den, kan du se bort fra e-mailen. Anmodningen slettes så af sig selv.",

			ForwardSubject:  "{request} – ref. {reference} – frist {due}",
			ForwardIntro:    "Privatlivsportalen har modtaget denne anmodning fra en af jeres kunder. Kunden har bekræftet sin e-mailadresse.",
			ForwardAsked:    "Kunden beder om: {type} (databeskyttelsesforordningen {article})",
			ForwardFrom:     "Fra",
			ForwardIDs:      "Oplysninger, der kan hjælpe jer med at finde kunden",
			ForwardDetails:  "Detaljer",
			ForwardText:     "Kundens besked",
			ReceiptIDs:      "Det, du opgav for at blive fundet",
			ReceiptText:     "Din besked",
			ForwardTimeline: "Frister (databeskyttelsesforordningen art. 12, stk. 3)",
			Received:        "Modtaget: {date}",
			Due:             "Svarfrist: {date} (én måned)",
			Latest:          "Seneste frist, hvis I forlænger: {date} (tre måneder)",
			ExtensionRule:   "En forlængelse skal begrundes og meddeles kunden inden for den første måned, det vil sige senest {due}.",
			ClockRule:       "Fristerne regnes fra den dag, anmodningen kom til jer, da kunden bekræftede den. En frist, der falder på en lørdag, søndag eller helligdag, udløber den næste arbejdsdag.",
			Electronic:      "Anmodningen er sendt elektronisk. Svaret skal gives elektronisk, hvis det er muligt, medmindre kunden beder om andet.",
			ReplyHow:        "Svar kunden direkte ved at svare på denne e-mail; svaret går til kundens adresse.",
			Identity:        "Portalen har ikke bedt om legitimation. Er der rimelig tvivl om identiteten, kan I bede om flere oplysninger (art. 12, stk. 6).",
			HandledLink:     "Når anmodningen er behandlet, markér den her, så stopper påmindelserne:",
			HandledButton:   "Markér som behandlet",
			ExtendLink:      "Har I brug for mere tid, forlæng fristen her (kunden får besked):",
			ExtendButton:    "Forlæng fristen",
			CustomerLang:    "Kunden brugte portalen på {language} og får beskeder fra portalen på {language}.",
			LanguageNames:   map[Lang]string{NB: "norsk", DA: "dansk", EN: "engelsk"},
			VerifyHow:       "Vedhæftet request.json er anmodningen, signeret af portalen med nøgle {kid}; request.json.sig er signaturen (Ed25519). Sådan kontrollerer I, at den er ægte og uændret:",
			VerifyLink:      "I browseren, uden at uploade noget:",
			KeysLink:        "Portalens offentlige nøgler:",
			Footer:          "Sendt af Privatlivsportalen på vegne af kunden.",

			ReceiptSubject: "Kvittering: din anmodning er sendt til {name} – ref. {reference}",
			ReceiptIntro:   "Din anmodning er signeret og sendt til kontaktpersonen for databeskyttelse hos {name} den {date}.",
			ReceiptDue:     "{name} skal svare dig senest {due}. Fristen kan forlænges til {latest}, hvis anmodningen er kompleks, men så skal du have besked og en begrundelse inden for den første måned.",

			Reminder7Subject:   "Påmindelse: frist om syv dage for anmodning {reference} ({due})",
			ReminderDueSubject: "Påmindelse: fristen for anmodning {reference} er i dag",
			ReminderIntro:      "Anmodningen {reference} ({request}), sendt {submitted}, har svarfrist {due} og er ikke markeret som behandlet.",
			ReminderStop:       "Er anmodningen besvaret, markér den som behandlet, så stopper påmindelserne:",

			ExtensionSubject: "{name} har forlænget fristen for din anmodning – ref. {reference}",
			ExtensionIntro:   "{name} har forlænget fristen for at svare på din anmodning {reference}. Den nye frist er {date}.",
			ExtensionReasons: "Begrundelsen fra {name}:",
		}
	default:
		return &MailText{
			ConfirmSubject: "Confirm your request to {name}",
			ConfirmIntro:   "You, or someone who gave your e-mail address, filled in this for {name} on the privacy portal: {request}. The request is sent only once you confirm that the e-mail address is yours.",
			ConfirmLink:    "Confirm here:",
			ConfirmCode:    "Or enter this code on the page where you sent the request: {code}",
			ConfirmExpiry:  "The link and the code are valid until {time}. After that the request is deleted.",
			ConfirmNotYou:  "If you did not send this, ignore this e-mail. The request is then deleted by itself.",

			ForwardSubject:  "{request} – ref. {reference} – due {due}",
			ForwardIntro:    "The privacy portal has received this request from one of your customers. The customer has confirmed their e-mail address.",
			ForwardAsked:    "The customer asks for: {type} (GDPR {article})",
			ForwardFrom:     "From",
			ForwardIDs:      "Details that may help you find the customer",
			ForwardDetails:  "Details",
			ForwardText:     "The customer's message",
			ReceiptIDs:      "What you gave to help them find you",
			ReceiptText:     "Your message",
			ForwardTimeline: "Deadlines (GDPR Art. 12(3))",
			Received:        "Received: {date}",
			Due:             "Answer due by: {date} (one month)",
			Latest:          "Latest date if you extend: {date} (three months)",
			ExtensionRule:   "An extension must be explained to the customer within the first month, that is by {due}.",
			ClockRule:       "The deadlines run from the day the request reached you, when the customer confirmed it. A deadline that falls on a Saturday, a Sunday or a public holiday ends on the next working day.",
			Electronic:      "The request was made electronically. Answer electronically where possible, unless the customer asks otherwise.",
			ReplyHow:        "Answer the customer directly by replying to this e-mail; the reply goes to the customer's address.",
			Identity:        "The portal did not ask for identification. If you have reasonable doubts about the customer's identity, you may ask for more information (Art. 12(6)).",
			HandledLink:     "When the request is handled, mark it here and the reminders stop:",
			HandledButton:   "Mark as handled",
			ExtendLink:      "If you need more time, extend the deadline here (the customer is told):",
			ExtendButton:    "Extend the deadline",
			CustomerLang:    "The customer used the portal in {language} and gets the portal's messages in {language}.",
			LanguageNames:   map[Lang]string{NB: "Norwegian", DA: "Danish", EN: "English"},
			VerifyHow:       "The attached request.json is the request, signed by the portal with key {kid}; request.json.sig is the signature (Ed25519). To check that it is genuine and unaltered:",
			VerifyLink:      "In your browser, uploading nothing:",
			KeysLink:        "The portal's public keys:",
			Footer:          "Sent by the privacy portal on the customer's behalf.",

			ReceiptSubject: "Receipt: your request was sent to {name} – ref. {reference}",
			ReceiptIntro:   "Your request was signed and sent to the privacy contact of {name} on {date}.",
			ReceiptDue:     "{name} must answer you by {due}. The deadline may be extended to {latest} if the request is complex, but then you must be told, with reasons, within the first month.",

			Reminder7Subject:   "Reminder: request {reference} is due in seven days ({due})",
			ReminderDueSubject: "Reminder: request {reference} is due today",
			ReminderIntro:      "Request {reference} ({request}), sent {submitted}, is due by {due} and is not marked handled.",
			ReminderStop:       "If it has been answered, mark it handled and the reminders stop:",

			ExtensionSubject: "{name} extended the deadline of your request – ref. {reference}",
			ExtensionIntro:   "{name} has extended the deadline for answering your request {reference}. The new deadline is {date}.",
			ExtensionReasons: "The reasons {name} gives:",
		}
	}
}
