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
	ForwardSubjectN string // the same for a type without a deadline: {request}, {reference}
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
	// Duties says, per request type, what the law asks of the company;
	// Objections the same per objection scope. Refusal is art. 12(4),
	// {authority}. Given is the word on identifiers given, not checked.
	DutiesTitle   string
	Duties        map[string]string
	Objections    map[string]string
	Refusal       string
	Given         string
	Electronic    string
	ReplyHow      string
	Identity      string
	HandledLink   string
	HandledButton string
	ExtendLink    string
	ExtendButton  string
	CustomerLang  string          // {language}: the language the customer used
	LanguageNames map[Lang]string // each language, named in this one
	VerifyHow     string          // {kid}
	VerifyLink    string
	KeysLink      string
	Footer        string

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
			ForwardSubjectN: "{request} – ref. {reference}",
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
			DutiesTitle:     "Hva loven krever",
			Duties: map[string]string{
				"access":           "Kunden har rett til å få vite om dere behandler opplysninger om dem, og i så fall til en kopi av opplysningene og til å få vite formålene, hvilke opplysninger det gjelder, hvem de er utlevert til, hvor lenge de lagres, retten til retting, sletting, begrensning og protest, retten til å klage til tilsynsmyndigheten, hvor opplysningene kommer fra, og om det treffes automatiserte avgjørelser (art. 15 nr. 1–3). Den første kopien er gratis.",
				"rectification":    "Rett uriktige opplysninger og fyll ut ufullstendige uten ugrunnet opphold (art. 16). Gi dem dere har utlevert opplysningene til, beskjed om rettingen, med mindre det er umulig eller uforholdsmessig vanskelig; kunden kan be om å få vite hvem de er (art. 19).",
				"erasure":          "Slett opplysningene uten ugrunnet opphold når et av vilkårene i art. 17 nr. 1 er oppfylt, med mindre et unntak i nr. 3 gjelder, for eksempel en lovpålagt oppbevaringsplikt (art. 17). Gi mottakere beskjed om slettingen (art. 19).",
				"restriction":      "Når et av vilkårene i art. 18 nr. 1 er oppfylt, skal opplysningene bare lagres, ikke brukes, ut over det art. 18 nr. 2 tillater. Kunden skal få beskjed før begrensningen oppheves (art. 18 nr. 3). Gi mottakere beskjed (art. 19).",
				"portability":      "Retten gjelder opplysninger kunden selv har gitt dere, som behandles automatisert på grunnlag av samtykke eller avtale. Lever dem i et strukturert, alminnelig anvendt og maskinlesbart format; der det er teknisk mulig, har kunden rett til å få dem overført direkte til en annen behandlingsansvarlig (art. 20 nr. 1–2).",
				"withdraw_consent": "Tilbaketrekkingen gjelder fra nå: stopp med en gang behandlingen som bygger på samtykket. Det som ble gjort før tilbaketrekkingen, er fortsatt lovlig (art. 7 nr. 3). Dette er ikke et krav etter art. 15–22; art. 12 nr. 3 gir ingen frist å forlenge.",
				"question":         "Dette er et spørsmål, ikke et krav etter art. 15–22, og art. 12 nr. 3 gir ingen frist. Svar kunden så snart dere kan.",
			},
			Objections: map[string]string{
				"direct_marketing": "Protest mot direkte markedsføring: opplysningene skal ikke lenger brukes til det. Stopp med en gang (art. 21 nr. 2–3).",
				"processing":       "Stopp behandlingen kunden protesterer mot, med mindre dere kan påvise tvingende berettigede grunner som går foran kundens interesser, rettigheter og friheter, eller den er nødvendig for å fastsette, gjøre gjeldende eller forsvare rettskrav (art. 21 nr. 1).",
			},
			Refusal:       "Vil dere ikke etterkomme kravet, skal dere uten ugrunnet opphold og senest innen én måned gi kunden beskjed om hvorfor, og om retten til å klage til {authority} og til å bringe saken inn for domstolene (art. 12 nr. 4).",
			Given:         "Navn, telefon og opplysningene som skal hjelpe dere å finne kunden, er oppgitt av kunden og ikke kontrollert av portalen. Bare e-postadressen er bekreftet.",
			Electronic:    "Kravet er sendt elektronisk. Svaret skal gis elektronisk hvis mulig, med mindre kunden ber om noe annet.",
			ReplyHow:      "Svar kunden direkte ved å svare på denne e-posten; svaret går til kundens adresse.",
			Identity:      "Portalen har ikke bedt om legitimasjon. Har dere rimelig tvil om identiteten, kan dere be om flere opplysninger (art. 12 nr. 6).",
			HandledLink:   "Når kravet er behandlet, marker det her, så stopper påminnelsene:",
			HandledButton: "Marker som behandlet",
			ExtendLink:    "Trenger dere mer tid, forleng fristen her (kunden får beskjed):",
			ExtendButton:  "Forleng fristen",
			CustomerLang:  "Kunden brukte portalen på {language} og får beskjeder fra portalen på {language}.",
			LanguageNames: map[Lang]string{NB: "norsk", DA: "dansk", EN: "engelsk"},
			VerifyHow:     "Vedlagt request.json er kravet, signert av portalen med nøkkel {kid}; request.json.sig er signaturen (Ed25519). Slik kontrollerer dere at det er ekte og uendret:",
			VerifyLink:    "I nettleseren, uten å laste opp noe:",
			KeysLink:      "Portalens offentlige nøkler:",
			Footer:        "Sendt av Personvernportalen på vegne av kunden.",

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
			ForwardSubjectN: "{request} – ref. {reference}",
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
			DutiesTitle:     "Hvad loven kræver",
			Duties: map[string]string{
				"access":           "Kunden har ret til at få at vide, om I behandler oplysninger om dem, og i så fald til en kopi af oplysningerne og til at få oplyst formålene, hvilke oplysninger det drejer sig om, hvem de er videregivet til, hvor længe de opbevares, retten til berigtigelse, sletning, begrænsning og indsigelse, retten til at klage til tilsynsmyndigheden, hvor oplysningerne stammer fra, og om der træffes automatiske afgørelser (art. 15, stk. 1-3). Den første kopi er gratis.",
				"rectification":    "Berigtig urigtige oplysninger og fuldstændiggør ufuldstændige uden unødig forsinkelse (art. 16). Giv dem, I har videregivet oplysningerne til, besked om berigtigelsen, medmindre det er umuligt eller uforholdsmæssigt vanskeligt; kunden kan bede om at få at vide, hvem de er (art. 19).",
				"erasure":          "Slet oplysningerne uden unødig forsinkelse, når en af betingelserne i art. 17, stk. 1, er opfyldt, medmindre en undtagelse i stk. 3 gælder, for eksempel en lovpligtig opbevaring (art. 17). Giv modtagere besked om sletningen (art. 19).",
				"restriction":      "Når en af betingelserne i art. 18, stk. 1, er opfyldt, må oplysningerne kun opbevares, ikke bruges, ud over hvad art. 18, stk. 2, tillader. Kunden skal have besked, før begrænsningen ophæves (art. 18, stk. 3). Giv modtagere besked (art. 19).",
				"portability":      "Retten gælder oplysninger, kunden selv har givet jer, og som behandles automatisk på grundlag af samtykke eller kontrakt. Udlevér dem i et struktureret, almindeligt anvendt og maskinlæsbart format; hvor det er teknisk muligt, har kunden ret til at få dem overført direkte til en anden dataansvarlig (art. 20, stk. 1-2).",
				"withdraw_consent": "Tilbagetrækningen gælder fra nu: stop straks den behandling, der bygger på samtykket. Det, der skete før tilbagetrækningen, er fortsat lovligt (art. 7, stk. 3). Dette er ikke en anmodning efter art. 15-22; art. 12, stk. 3, giver ingen frist at forlænge.",
				"question":         "Dette er et spørgsmål, ikke en anmodning efter art. 15-22, og art. 12, stk. 3, giver ingen frist. Svar kunden, så snart I kan.",
			},
			Objections: map[string]string{
				"direct_marketing": "Indsigelse mod direkte markedsføring: oplysningerne må ikke længere bruges til det. Stop straks (art. 21, stk. 2-3).",
				"processing":       "Stop den behandling, kunden gør indsigelse mod, medmindre I kan påvise vægtige legitime grunde, der går forud for kundens interesser, rettigheder og frihedsrettigheder, eller den er nødvendig for at fastlægge, gøre gældende eller forsvare et retskrav (art. 21, stk. 1).",
			},
			Refusal:       "Vil I ikke efterkomme anmodningen, skal I uden unødig forsinkelse og senest inden for én måned give kunden besked om hvorfor og om retten til at klage til {authority} og til at indbringe sagen for domstolene (art. 12, stk. 4).",
			Given:         "Navn, telefon og de oplysninger, der skal hjælpe jer med at finde kunden, er opgivet af kunden og ikke kontrolleret af portalen. Kun e-mailadressen er bekræftet.",
			Electronic:    "Anmodningen er sendt elektronisk. Svaret skal gives elektronisk, hvis det er muligt, medmindre kunden beder om andet.",
			ReplyHow:      "Svar kunden direkte ved at svare på denne e-mail; svaret går til kundens adresse.",
			Identity:      "Portalen har ikke bedt om legitimation. Er der rimelig tvivl om identiteten, kan I bede om flere oplysninger (art. 12, stk. 6).",
			HandledLink:   "Når anmodningen er behandlet, markér den her, så stopper påmindelserne:",
			HandledButton: "Markér som behandlet",
			ExtendLink:    "Har I brug for mere tid, forlæng fristen her (kunden får besked):",
			ExtendButton:  "Forlæng fristen",
			CustomerLang:  "Kunden brugte portalen på {language} og får beskeder fra portalen på {language}.",
			LanguageNames: map[Lang]string{NB: "norsk", DA: "dansk", EN: "engelsk"},
			VerifyHow:     "Vedhæftet request.json er anmodningen, signeret af portalen med nøgle {kid}; request.json.sig er signaturen (Ed25519). Sådan kontrollerer I, at den er ægte og uændret:",
			VerifyLink:    "I browseren, uden at uploade noget:",
			KeysLink:      "Portalens offentlige nøgler:",
			Footer:        "Sendt af Privatlivsportalen på vegne af kunden.",

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
			ForwardSubjectN: "{request} – ref. {reference}",
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
			DutiesTitle:     "What the law requires",
			Duties: map[string]string{
				"access":           "The customer has the right to know whether you process data about them and, if so, to a copy of it and to be told the purposes, the categories of data, the recipients, how long it is kept, the rights to rectification, erasure, restriction and objection, the right to complain to the supervisory authority, where the data came from, and whether automated decisions are made (Art. 15(1)-(3)). The first copy is free.",
				"rectification":    "Correct inaccurate data and complete incomplete data without undue delay (Art. 16). Tell each recipient you disclosed it to, unless that is impossible or involves disproportionate effort; the customer may ask who they are (Art. 19).",
				"erasure":          "Erase the data without undue delay where one of the grounds in Art. 17(1) applies, unless an exception in Art. 17(3) does, such as a legal duty to keep it. Tell recipients of the erasure (Art. 19).",
				"restriction":      "Where one of the grounds in Art. 18(1) applies, the data may only be stored, not otherwise used beyond what Art. 18(2) allows. Tell the customer before the restriction is lifted (Art. 18(3)). Tell recipients (Art. 19).",
				"portability":      "The right covers data the customer provided to you, processed by automated means on the basis of consent or a contract. Provide it in a structured, commonly used and machine-readable format; where technically feasible, the customer has the right to have it transmitted directly to another controller (Art. 20(1)-(2)).",
				"withdraw_consent": "The withdrawal takes effect now: stop the processing based on the consent at once. What was done before the withdrawal remains lawful (Art. 7(3)). This is not a request under Arts. 15-22; Art. 12(3) sets no deadline to extend.",
				"question":         "This is a question, not a request under Arts. 15-22, and Art. 12(3) sets no deadline. Answer the customer as soon as you can.",
			},
			Objections: map[string]string{
				"direct_marketing": "Objection to direct marketing: the data may no longer be used for it. Stop at once (Art. 21(2)-(3)).",
				"processing":       "Stop the processing the customer objects to, unless you demonstrate compelling legitimate grounds which override the customer's interests, rights and freedoms, or it is needed for the establishment, exercise or defence of legal claims (Art. 21(1)).",
			},
			Refusal:       "If you will not act on the request, tell the customer without delay and at the latest within one month why not, and of the right to complain to {authority} and to seek a judicial remedy (Art. 12(4)).",
			Given:         "The name, phone and the details meant to help you find the customer were given by the customer and not checked by the portal. Only the e-mail address is confirmed.",
			Electronic:    "The request was made electronically. Answer electronically where possible, unless the customer asks otherwise.",
			ReplyHow:      "Answer the customer directly by replying to this e-mail; the reply goes to the customer's address.",
			Identity:      "The portal did not ask for identification. If you have reasonable doubts about the customer's identity, you may ask for more information (Art. 12(6)).",
			HandledLink:   "When the request is handled, mark it here and the reminders stop:",
			HandledButton: "Mark as handled",
			ExtendLink:    "If you need more time, extend the deadline here (the customer is told):",
			ExtendButton:  "Extend the deadline",
			CustomerLang:  "The customer used the portal in {language} and gets the portal's messages in {language}.",
			LanguageNames: map[Lang]string{NB: "Norwegian", DA: "Danish", EN: "English"},
			VerifyHow:     "The attached request.json is the request, signed by the portal with key {kid}; request.json.sig is the signature (Ed25519). To check that it is genuine and unaltered:",
			VerifyLink:    "In your browser, uploading nothing:",
			KeysLink:      "The portal's public keys:",
			Footer:        "Sent by the privacy portal on the customer's behalf.",

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
