package marketingconsent_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"privacyportal/app/company"
	"privacyportal/app/i18n"
	"privacyportal/app/marketingconsent"
	"privacyportal/app/problem"
	"privacyportal/site/controllers"
)

// seed returns the seed companies the tests use: Werksta (Norwegian;
// e-mail, SMS and post), Westrum (Norwegian; e-mail only) and CAR-ROOM
// (Danish; e-mail, SMS and phone).
func seed(t *testing.T) map[string]company.Controller {
	t.Helper()
	reg, err := company.Load(controllers.FS(), controllers.Dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]company.Controller{}
	for _, slug := range []string{"werksta", "westrum", "car-room"} {
		c, ok := reg.Lookup(slug)
		if !ok {
			t.Fatalf("seed company %s is missing", slug)
		}
		out[slug] = c
	}
	return out
}

// The seed files are what the form offers; if they change, the other
// tests' expectations change with them.
func TestSeedChannels(t *testing.T) {
	cs := seed(t)
	got := map[string][]string{}
	for slug, c := range cs {
		got[slug] = marketingconsent.Channels(c)
	}
	// Westrum's statement names a newsletter but never a channel for it,
	// so the portal offers none (site/controllers/westrum.json).
	want := map[string][]string{
		"werksta":  {"email", "sms", "post"},
		"westrum":  nil,
		"car-room": {"email", "sms", "phone"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("channels (-want +got):\n%s", diff)
	}
}

// Normalize keeps only what the chosen channels need, in the form the
// company's marketers can use: E.164 phone numbers, single spaces,
// the e-mail's domain in lower case.
func TestNormalize(t *testing.T) {
	cs := seed(t)
	address := marketingconsent.Form{Name: "  Åse   Ødegård ", Street: " Storgata  1 ", PostalCode: " 0150 ", City: "  Oslo "}
	tests := []struct {
		name       string
		controller string
		in         marketingconsent.Form
		want       marketingconsent.Form
	}{
		{
			name:       "e-mail only drops phone and address",
			controller: "werksta",
			in: marketingconsent.Form{
				Channels: []string{"email"}, Email: "  Kari.Nordmann@Example.NO ", Phone: "912 34 567",
				Name: address.Name, Street: address.Street, PostalCode: address.PostalCode, City: address.City,
				Language: i18n.NB, Page: "/werksta/marketing",
			},
			want: marketingconsent.Form{
				Channels: []string{"email"}, Reserve: []string{}, Email: "kari.nordmann@example.no",
				Language: i18n.NB, Page: "/werksta/marketing",
			},
		},
		{
			name:       "sms keeps the phone in E.164 with Norway's code",
			controller: "werksta",
			in:         marketingconsent.Form{Channels: []string{"sms"}, Email: "kari@example.no", Phone: " 912 34 567 ", Name: "Kari"},
			want:       marketingconsent.Form{Channels: []string{"sms"}, Reserve: []string{}, Email: "kari@example.no", Phone: "+4791234567"},
		},
		{
			name:       "sms at a Danish company gets Denmark's code",
			controller: "car-room",
			in:         marketingconsent.Form{Channels: []string{"sms"}, Email: "jens@example.dk", Phone: "60 19 70 71"},
			want:       marketingconsent.Form{Channels: []string{"sms"}, Reserve: []string{}, Email: "jens@example.dk", Phone: "+4560197071"},
		},
		{
			name:       "an international prefix 00 becomes +",
			controller: "car-room",
			in:         marketingconsent.Form{Channels: []string{"phone"}, Email: "kari@example.no", Phone: "0047 912-34-567"},
			want:       marketingconsent.Form{Channels: []string{"phone"}, Reserve: []string{}, Email: "kari@example.no", Phone: "+4791234567"},
		},
		{
			name:       "a reservation against calls keeps the phone",
			controller: "werksta",
			in:         marketingconsent.Form{Reserve: []string{"phone"}, Email: "kari@example.no", Phone: "+47 912 34 567", Street: "Storgata 1"},
			want:       marketingconsent.Form{Channels: []string{}, Reserve: []string{"phone"}, Email: "kari@example.no", Phone: "+4791234567"},
		},
		{
			name:       "a phone number that is not one is kept as typed, for Validate to refuse",
			controller: "werksta",
			in:         marketingconsent.Form{Channels: []string{"sms"}, Email: "kari@example.no", Phone: " 12 34 "},
			want:       marketingconsent.Form{Channels: []string{"sms"}, Reserve: []string{}, Email: "kari@example.no", Phone: "12 34"},
		},
		{
			name:       "post keeps the address with single spaces and drops the phone",
			controller: "werksta",
			in: marketingconsent.Form{
				Channels: []string{"post"}, Email: "ase@example.no", Phone: "912 34 567",
				Name: address.Name, Street: address.Street, PostalCode: address.PostalCode, City: address.City,
			},
			want: marketingconsent.Form{
				Channels: []string{"post"}, Reserve: []string{}, Email: "ase@example.no",
				Name: "Åse Ødegård", Street: "Storgata 1", PostalCode: "0150", City: "Oslo",
			},
		},
		{
			name:       "a reservation against post keeps the address",
			controller: "westrum",
			in: marketingconsent.Form{
				Reserve: []string{"post"}, Email: "ase@example.no",
				Name: address.Name, Street: address.Street, PostalCode: address.PostalCode, City: address.City,
			},
			want: marketingconsent.Form{
				Channels: []string{}, Reserve: []string{"post"}, Email: "ase@example.no",
				Name: "Åse Ødegård", Street: "Storgata 1", PostalCode: "0150", City: "Oslo",
			},
		},
		{
			name:       "repeated choices are removed, order kept; a blank one stays, for Validate to refuse",
			controller: "werksta",
			in:         marketingconsent.Form{Channels: []string{" sms", "", "email", "sms ", " "}, Reserve: []string{"phone", " phone"}, Email: "kari@example.no", Phone: "91234567"},
			want:       marketingconsent.Form{Channels: []string{"sms", "", "email"}, Reserve: []string{"phone"}, Email: "kari@example.no", Phone: "+4791234567"},
		},
		{
			name:       "an unknown language is dropped",
			controller: "werksta",
			in:         marketingconsent.Form{Channels: []string{"email"}, Email: "kari@example.no", Language: "de"},
			want:       marketingconsent.Form{Channels: []string{"email"}, Reserve: []string{}, Email: "kari@example.no"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.in.Normalize(cs[tt.controller])
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Normalize (-want +got):\n%s", diff)
			}
		})
	}
}

// Validate, after Normalize as the Worker does it, tells the customer
// each field to fix, with the codes the form translates.
func TestValidate(t *testing.T) {
	cs := seed(t)
	type fe = problem.FieldError
	post := func(f marketingconsent.Form) marketingconsent.Form {
		f.Name, f.Street, f.PostalCode, f.City = "Åse Ødegård", "Storgata 1", "0150", "Oslo"
		return f
	}
	tests := []struct {
		name       string
		controller string
		form       marketingconsent.Form
		want       []problem.FieldError
	}{
		{
			name:       "e-mail at Werksta",
			controller: "werksta",
			form:       marketingconsent.Form{Channels: []string{"email"}, Email: "kari@example.no"},
		},
		{
			name:       "every Werksta channel",
			controller: "werksta",
			form:       post(marketingconsent.Form{Channels: []string{"email", "sms", "post"}, Email: "kari@example.no", Phone: "912 34 567"}),
		},
		{
			name:       "only a reservation is a choice too",
			controller: "westrum",
			form:       marketingconsent.Form{Reserve: []string{"phone"}, Email: "kari@example.no", Phone: "912 34 567"},
		},
		{
			name:       "a no to post is offered to every company's customers",
			controller: "car-room",
			form:       post(marketingconsent.Form{Reserve: []string{"post"}, Email: "jens@example.dk"}),
		},
		{
			name:       "phone calls at CAR-ROOM",
			controller: "car-room",
			form:       marketingconsent.Form{Channels: []string{"email", "sms", "phone"}, Email: "jens@example.dk", Phone: "60197071"},
		},
		{
			name:       "no choice at all",
			controller: "werksta",
			form:       marketingconsent.Form{Email: "kari@example.no"},
			want:       []fe{{Field: "channels", Problem: problem.ErrRequired}},
		},
		{
			// A blank choice is an unknown one: refused, not dropped, so
			// that nothing is recorded but what was asked.
			name:       "only blank choices",
			controller: "werksta",
			form:       marketingconsent.Form{Channels: []string{" "}, Reserve: []string{""}, Email: "kari@example.no"},
			want:       []fe{{Field: "channels", Problem: problem.ErrChoice}, {Field: "reserve", Problem: problem.ErrChoice}},
		},
		{
			name:       "a blank choice beside a known one",
			controller: "werksta",
			form:       marketingconsent.Form{Channels: []string{"email", ""}, Email: "kari@example.no"},
			want:       []fe{{Field: "channels", Problem: problem.ErrChoice}},
		},
		{
			name:       "phone calls are not a Werksta channel",
			controller: "werksta",
			form:       marketingconsent.Form{Channels: []string{"email", "phone"}, Email: "kari@example.no", Phone: "91234567"},
			want:       []fe{{Field: "channels", Problem: problem.ErrChoice}},
		},
		{
			name:       "SMS is not a Westrum channel",
			controller: "westrum",
			form:       marketingconsent.Form{Channels: []string{"sms"}, Email: "kari@example.no", Phone: "91234567"},
			want:       []fe{{Field: "channels", Problem: problem.ErrChoice}},
		},
		{
			name:       "post is not a CAR-ROOM channel",
			controller: "car-room",
			form:       post(marketingconsent.Form{Channels: []string{"post"}, Email: "jens@example.dk"}),
			want:       []fe{{Field: "channels", Problem: problem.ErrChoice}},
		},
		{
			name:       "a made-up channel",
			controller: "werksta",
			form:       marketingconsent.Form{Channels: []string{"fax"}, Email: "kari@example.no"},
			want:       []fe{{Field: "channels", Problem: problem.ErrChoice}},
		},
		{
			name:       "a no to e-mail is not a reservation (consent is simply not given)",
			controller: "werksta",
			form:       marketingconsent.Form{Reserve: []string{"email"}, Email: "kari@example.no"},
			want:       []fe{{Field: "reserve", Problem: problem.ErrChoice}},
		},
		{
			name:       "yes and no to phone calls at once",
			controller: "car-room",
			form:       marketingconsent.Form{Channels: []string{"phone"}, Reserve: []string{"phone"}, Email: "jens@example.dk", Phone: "60197071"},
			want:       []fe{{Field: "reserve", Problem: problem.ErrChoice}},
		},
		{
			name:       "yes and no to post at once",
			controller: "werksta",
			form:       post(marketingconsent.Form{Channels: []string{"post"}, Reserve: []string{"post"}, Email: "kari@example.no"}),
			want:       []fe{{Field: "reserve", Problem: problem.ErrChoice}},
		},
		{
			name:       "no e-mail address",
			controller: "werksta",
			form:       marketingconsent.Form{Channels: []string{"email"}, Email: "   "},
			want:       []fe{{Field: "email", Problem: problem.ErrRequired}},
		},
		{
			name:       "not an e-mail address",
			controller: "werksta",
			form:       marketingconsent.Form{Channels: []string{"email"}, Email: "kari@localhost"},
			want:       []fe{{Field: "email", Problem: problem.ErrInvalid}},
		},
		{
			name:       "SMS without a phone number",
			controller: "werksta",
			form:       marketingconsent.Form{Channels: []string{"sms"}, Email: "kari@example.no"},
			want:       []fe{{Field: "phone", Problem: problem.ErrRequired}},
		},
		{
			name:       "a no to calls without a phone number",
			controller: "werksta",
			form:       marketingconsent.Form{Reserve: []string{"phone"}, Email: "kari@example.no"},
			want:       []fe{{Field: "phone", Problem: problem.ErrRequired}},
		},
		{
			name:       "SMS to a number too short for Norway",
			controller: "werksta",
			form:       marketingconsent.Form{Channels: []string{"sms"}, Email: "kari@example.no", Phone: "1234567"},
			want:       []fe{{Field: "phone", Problem: problem.ErrInvalid}},
		},
		{
			name:       "SMS to letters",
			controller: "car-room",
			form:       marketingconsent.Form{Channels: []string{"sms"}, Email: "jens@example.dk", Phone: "ring meg"},
			want:       []fe{{Field: "phone", Problem: problem.ErrInvalid}},
		},
		{
			name:       "e-mail only ignores a bad phone number, which Normalize drops",
			controller: "werksta",
			form:       marketingconsent.Form{Channels: []string{"email"}, Email: "kari@example.no", Phone: "ring meg"},
		},
		{
			name:       "post without an address",
			controller: "werksta",
			form:       marketingconsent.Form{Channels: []string{"post"}, Email: "kari@example.no"},
			want: []fe{
				{Field: "name", Problem: problem.ErrRequired},
				{Field: "street", Problem: problem.ErrRequired},
				{Field: "postal_code", Problem: problem.ErrRequired},
				{Field: "city", Problem: problem.ErrRequired},
			},
		},
		{
			name:       "a no to post without an address",
			controller: "westrum",
			form:       marketingconsent.Form{Reserve: []string{"post"}, Email: "kari@example.no", Name: "Kari"},
			want: []fe{
				{Field: "street", Problem: problem.ErrRequired},
				{Field: "postal_code", Problem: problem.ErrRequired},
				{Field: "city", Problem: problem.ErrRequired},
			},
		},
		{
			name:       "a postal code of three digits",
			controller: "werksta",
			form: marketingconsent.Form{Channels: []string{"post"}, Email: "kari@example.no",
				Name: "Kari", Street: "Storgata 1", PostalCode: "150", City: "Oslo"},
			want: []fe{{Field: "postal_code", Problem: problem.ErrInvalid}},
		},
		{
			name:       "a postal code of five digits",
			controller: "werksta",
			form: marketingconsent.Form{Channels: []string{"post"}, Email: "kari@example.no",
				Name: "Kari", Street: "Storgata 1", PostalCode: "01500", City: "Oslo"},
			want: []fe{{Field: "postal_code", Problem: problem.ErrInvalid}},
		},
		{
			name:       "a postal code with a letter",
			controller: "werksta",
			form: marketingconsent.Form{Channels: []string{"post"}, Email: "kari@example.no",
				Name: "Kari", Street: "Storgata 1", PostalCode: "01O0", City: "Oslo"},
			want: []fe{{Field: "postal_code", Problem: problem.ErrInvalid}},
		},
		{
			name:       "a name longer than 100 characters",
			controller: "werksta",
			form: marketingconsent.Form{Channels: []string{"post"}, Email: "kari@example.no",
				Name: strings.Repeat("Å", marketingconsent.MaxName+1), Street: "Storgata 1", PostalCode: "0150", City: "Oslo"},
			want: []fe{{Field: "name", Problem: problem.ErrTooLong}},
		},
		{
			name:       "a page that is not the portal's",
			controller: "werksta",
			form:       marketingconsent.Form{Channels: []string{"email"}, Email: "kari@example.no", Page: "https://evil.example/"},
			want:       []fe{{Field: "page", Problem: problem.ErrInvalid}},
		},
		{
			name:       "every problem at once, in the form's order",
			controller: "werksta",
			form:       marketingconsent.Form{Channels: []string{"phone", "post"}, Reserve: []string{"email"}, Email: "nope"},
			want: []fe{
				{Field: "channels", Problem: problem.ErrChoice},
				{Field: "reserve", Problem: problem.ErrChoice},
				{Field: "email", Problem: problem.ErrInvalid},
				{Field: "phone", Problem: problem.ErrRequired},
				{Field: "name", Problem: problem.ErrRequired},
				{Field: "street", Problem: problem.ErrRequired},
				{Field: "postal_code", Problem: problem.ErrRequired},
				{Field: "city", Problem: problem.ErrRequired},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cs[tt.controller]
			got := tt.form.Normalize(c).Validate(c)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Validate (-want +got):\n%s", diff)
			}
		})
	}
}

// The wording is the proof of what a customer agreed to: it must read
// exactly so, in the interface language, with the company's purposes in
// the company's own words.
func TestWording(t *testing.T) {
	cs := seed(t)
	purposes := "nyhetsbrev og annen direkte markedsføring; oppdaterte tilbud og alternativer til tidligere tilbud"
	tests := []struct {
		name    string
		company string // werksta unless set
		lang    i18n.Lang
		channel string
		reserve bool
		want    string
	}{
		// A Danish consent names the legal entity and what is marketed
		// (Forbrugerombudsmanden's guidance, section 3.4).
		{name: "a Danish company's e-mail in Danish", company: "car-room", lang: i18n.DA, channel: "email",
			want: "Ja, CAR-ROOM A/S må sende mig markedsføring på e-mail: opfølgning på prøvekørsel; udsendelse af markedsføringsmateriale. Markedsføringen gælder: Køb/salg eller leasing af biler; Servicering og værkstedsydelser."},
		{name: "a Danish company's no to post in English", company: "car-room", lang: i18n.EN, channel: "post", reserve: true,
			want: "No, CAR-ROOM A/S may not contact me with marketing by post."},
		{name: "e-mail in Norwegian", lang: i18n.NB, channel: "email",
			want: "Ja, Werksta kan sende meg markedsføring på e-post: " + purposes + "."},
		{name: "e-mail in Danish", lang: i18n.DA, channel: "email",
			want: "Ja, Werksta må sende mig markedsføring på e-mail: " + purposes + "."},
		{name: "e-mail in English", lang: i18n.EN, channel: "email",
			want: "Yes, Werksta may send me marketing by e-mail: " + purposes + "."},
		{name: "SMS in Norwegian", lang: i18n.NB, channel: "sms",
			want: "Ja, Werksta kan sende meg markedsføring på SMS: oppdaterte tilbud og alternativer til tidligere tilbud."},
		{name: "no to calls in Norwegian", lang: i18n.NB, channel: "phone", reserve: true,
			want: "Nei, Werksta skal ikke kontakte meg med markedsføring på telefon."},
		{name: "no to post in Danish", lang: i18n.DA, channel: "post", reserve: true,
			want: "Nej, Werksta må ikke kontakte mig med markedsføring pr. post."},
		{name: "no to post in English", lang: i18n.EN, channel: "post", reserve: true,
			want: "No, Werksta may not contact me with marketing by post."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cs["werksta"]
			if tt.company != "" {
				c = cs[tt.company]
			}
			var got string
			if tt.reserve {
				got = marketingconsent.ReserveWording(c, tt.lang, tt.channel)
			} else {
				got = marketingconsent.Wording(c, tt.lang, tt.channel)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("wording (-want +got):\n%s", diff)
			}
		})
	}
}

// The hash kept as proof is the SHA-256 of the exact text: the same text
// always gives the same hash, each language's text its own.
func TestHash(t *testing.T) {
	cs := seed(t)
	if got, want := marketingconsent.Hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; got != want {
		t.Errorf(`Hash("abc") = %s, want the SHA-256 test vector %s`, got, want)
	}
	seen := map[string]i18n.Lang{}
	for _, l := range i18n.All() {
		w := marketingconsent.Wording(cs["werksta"], l, "email")
		h := marketingconsent.Hash(w)
		if again := marketingconsent.Hash(marketingconsent.Wording(cs["werksta"], l, "email")); again != h {
			t.Errorf("%s: hash changed between calls: %s, then %s", l, h, again)
		}
		if other, dup := seen[h]; dup {
			t.Errorf("%s and %s wordings have the same hash %s", other, l, h)
		}
		seen[h] = l
	}
	if marketingconsent.Hash(marketingconsent.Wording(cs["werksta"], i18n.NB, "email")) == marketingconsent.Hash(marketingconsent.Wording(cs["werksta"], i18n.NB, "sms")) {
		t.Error("e-mail and SMS wordings have the same hash")
	}
}
