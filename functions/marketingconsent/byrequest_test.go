package marketingconsent_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"privacyportal/app/company"
	"privacyportal/app/emailaddr"
	"privacyportal/app/i18n"
	appmarketingconsent "privacyportal/app/marketingconsent"
	"privacyportal/app/problem"
	apprequests "privacyportal/app/requests"
	"privacyportal/functions/exports"
	"privacyportal/functions/marketingconsent"
)

// objection is a confirmed objection to direct marketing from an address.
func objection(slug, email string, at time.Time) marketingconsent.Request {
	return marketingconsent.Request{ID: "obj-" + email, Controller: slug, Type: apprequests.TypeObjection,
		ObjectionScope: apprequests.ObjectDirectMarketing, Email: email, Name: "Kari Nordmann", Phone: "+4791234567",
		Language: i18n.NB, ConfirmedAt: at}
}

// withdrawal is a confirmed withdrawal of consent from an address.
func withdrawal(slug, email string, at time.Time) marketingconsent.Request {
	return marketingconsent.Request{ID: "wd-" + email, Controller: slug, Type: apprequests.TypeWithdrawConsent,
		Email: email, Name: "Kari Nordmann", Language: i18n.NB, ConfirmedAt: at}
}

// row is what the export says of one channel of a person.
type row struct{ Status, Basis string }

// current returns the current export of a company for an address, as a
// marketer downloads it, by channel.
func (f *fixture) current(t *testing.T, slug, email string) map[string]row {
	t.Helper()
	rows, err := f.store.CurrentPage(context.Background(), exports.Filter{Controller: slug}, 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]row{}
	for _, r := range rows {
		if r.Email == email {
			if _, twice := out[r.Channel]; twice {
				t.Errorf("%s is in the export twice on %s", email, r.Channel)
			}
			out[r.Channel] = row{r.Status, r.LawfulBasis}
		}
	}
	return out
}

// suppressed returns the channels the suppression list names an address
// on.
func (f *fixture) suppressed(t *testing.T, slug, email string) []string {
	t.Helper()
	rows, err := f.store.CurrentPage(context.Background(), exports.Filter{Controller: slug, Suppressed: true}, 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		if r.Email == email {
			out = append(out, r.Channel)
		}
	}
	slices.Sort(out)
	return out
}

// An objection to direct marketing leaves no channel of the company
// contactable, and a withdrawal of consent none that needs consent,
// whether or not the person ever opted in and whichever spelling of the
// address they used: the "stops nothing for phone and post" and
// "one mailbox, two people".
func TestRequestReachesEveryChannel(t *testing.T) {
	objected := func(country string, granted ...string) map[string]row {
		out := map[string]row{}
		for _, ch := range appmarketingconsent.AllChannels() {
			out[ch] = row{appmarketingconsent.StatusReserved, appmarketingconsent.RequestBasis(country, ch, appmarketingconsent.StatusReserved)}
		}
		// A consent given before the objection is withdrawn, then
		// becomes the objection's reservation like every other channel.
		_ = granted
		return out
	}
	tests := []struct {
		name    string
		slug    string
		optIn   *appmarketingconsent.Form // opted in first, with another spelling
		request func(slug, email string, at time.Time) marketingconsent.Request
		want    map[string]row
		events  []string
	}{
		{
			name: "objection, never opted in", slug: "werksta", request: objection,
			want:   objected("NO"),
			events: []string{"email reserved via request", "sms reserved via request", "phone reserved via request", "post reserved via request"},
		},
		{
			name: "objection after opting in as Kari.N@Example.NO", slug: "werksta", request: objection,
			optIn: &appmarketingconsent.Form{Channels: []string{"email", "sms"}, Email: "Kari.N@Example.NO", Phone: "912 34 567", Language: i18n.NB},
			want:  objected("NO", "email", "sms"),
			events: []string{"email granted via form", "sms granted via form", "email withdrawn via request", "sms withdrawn via request",
				"email reserved via request", "sms reserved via request", "phone reserved via request", "post reserved via request"},
		},
		{
			name: "objection in Denmark, after opting in to phone calls", slug: "car-room", request: objection,
			optIn: &appmarketingconsent.Form{Channels: []string{"phone"}, Email: "KARI.N@example.no", Phone: "60 19 70 71", Language: i18n.DA},
			want:  objected("DK", "phone"),
			events: []string{"phone granted via form", "phone withdrawn via request", "email reserved via request",
				"sms reserved via request", "phone reserved via request", "post reserved via request"},
		},
		{
			// A "no" to post stays a "no"; phone, which needs no consent
			// in Norway, is not touched by a withdrawal of consent.
			name: "withdrawal after opting in and saying no to post", slug: "werksta", request: withdrawal,
			optIn: &appmarketingconsent.Form{Channels: []string{"email"}, Reserve: []string{"post"}, Email: " kari.n@EXAMPLE.no",
				Name: "Kari N", Street: "Storgata 1", PostalCode: "0150", City: "Oslo", Language: i18n.NB},
			want: map[string]row{
				"email": {appmarketingconsent.StatusWithdrawn, appmarketingconsent.Basis("NO", "email", appmarketingconsent.StatusGranted)},
				"sms":   {appmarketingconsent.StatusWithdrawn, appmarketingconsent.RequestBasis("NO", "sms", appmarketingconsent.StatusWithdrawn)},
				"post":  {appmarketingconsent.StatusReserved, appmarketingconsent.Basis("NO", "post", appmarketingconsent.StatusReserved)},
			},
			events: []string{"email granted via form", "post reserved via form", "email withdrawn via request", "sms withdrawn via request"},
		},
		{
			name: "withdrawal in Denmark, never opted in", slug: "car-room", request: withdrawal,
			want: map[string]row{
				"email": {appmarketingconsent.StatusWithdrawn, appmarketingconsent.RequestBasis("DK", "email", appmarketingconsent.StatusWithdrawn)},
				"sms":   {appmarketingconsent.StatusWithdrawn, appmarketingconsent.RequestBasis("DK", "sms", appmarketingconsent.StatusWithdrawn)},
				"phone": {appmarketingconsent.StatusWithdrawn, appmarketingconsent.RequestBasis("DK", "phone", appmarketingconsent.StatusWithdrawn)},
			},
			events: []string{"email withdrawn via request", "sms withdrawn via request", "phone withdrawn via request"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			f := newFixture(t, 0)
			if tt.optIn != nil {
				f.optIn(t, tt.slug, *tt.optIn)
			}
			f.clock.advance(time.Hour)
			a, err := f.svc.ApplyRequest(ctx, tt.request(tt.slug, "  kari.n@example.NO", f.clock.now()))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, f.current(t, tt.slug, "kari.n@example.no")); diff != "" {
				t.Errorf("the export (-want +got):\n%s", diff)
			}
			var suppressed []string
			for ch := range tt.want {
				suppressed = append(suppressed, ch)
			}
			slices.Sort(suppressed)
			if diff := cmp.Diff(suppressed, f.suppressed(t, tt.slug, "kari.n@example.no")); diff != "" {
				t.Errorf("the suppression list (-want +got):\n%s", diff)
			}
			if n := f.count(t, "SELECT COUNT(*) FROM marketing_people WHERE controller = ?", tt.slug); n != 1 {
				t.Errorf("%d people at %s, want one", n, tt.slug)
			}
			p, err := f.store.PersonByEmail(ctx, tt.slug, "kari.n@example.no")
			if err != nil {
				t.Fatal(err)
			}
			var evs []string
			for _, e := range f.events(t, p.ID) {
				evs = append(evs, e.Channel+" "+e.Event+" via "+e.Via)
			}
			if diff := cmp.Diff(tt.events, evs); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
			withdrawn := 0
			if tt.optIn != nil && tt.optIn.Channels != nil {
				withdrawn = len(tt.optIn.Channels)
			}
			if a.Withdrawn != withdrawn || a.Withdrawn+a.Recorded != len(evs)-countVia(evs, "form") {
				t.Errorf("ApplyRequest = %+v; want %d withdrawn and the rest of %d events recorded", a, withdrawn, len(evs))
			}
			// The person's own page shows the same.
			_, cs, err := f.svc.Manage(ctx, p.ID, f.svc.ManageToken(p.ID))
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cs {
				if c.Status == appmarketingconsent.StatusGranted {
					t.Errorf("the manage page shows %s granted", c.Channel)
				}
			}
			// The name and number the request gave are there for washing
			// lists, unless the person had given their own.
			if tt.optIn == nil && (p.Name != "Kari Nordmann" || (tt.slug == "werksta") != (p.Phone == "+4791234567")) {
				t.Errorf("person %+v: the request's name and phone are not kept", p)
			}
			// Once is enough: again, and the same, changes nothing.
			f.clock.advance(time.Minute)
			n := len(evs)
			if a, err := f.svc.ApplyRequest(ctx, tt.request(tt.slug, "KARI.N@EXAMPLE.NO", f.clock.now().Add(-time.Minute))); err != nil || a != (marketingconsent.Applied{}) {
				t.Errorf("applying it again = %+v, %v; want nothing changed", a, err)
			}
			if got := len(f.events(t, p.ID)); got != n {
				t.Errorf("applying it again added %d events", got-n)
			}
		})
	}
}

func countVia(evs []string, via string) int {
	n := 0
	for _, e := range evs {
		if strings.HasSuffix(e, " via "+via) {
			n++
		}
	}
	return n
}

// A consent given after the request was confirmed is a new choice: a
// request recorded late (by the schedule) does not withdraw it, nor
// reserve its channel.
func TestLaterConsentStands(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 0)
	confirmed := f.clock.now()
	f.clock.advance(time.Hour)
	f.optIn(t, "werksta", appmarketingconsent.Form{Channels: []string{"email"}, Email: "Kari@Example.no", Language: i18n.NB})
	f.clock.advance(time.Hour)
	if _, err := f.svc.ApplyRequest(ctx, objection("werksta", "kari@example.no", confirmed)); err != nil {
		t.Fatal(err)
	}
	got := f.current(t, "werksta", "kari@example.no")
	if got["email"].Status != appmarketingconsent.StatusGranted {
		t.Errorf("the later consent is %s, want granted", got["email"].Status)
	}
	for _, ch := range []string{"sms", "phone", "post"} {
		if got[ch].Status != appmarketingconsent.StatusReserved {
			t.Errorf("%s is %q, want reserved", ch, got[ch].Status)
		}
	}
}

// An objection to other processing, and requests of other types, change
// nothing in marketing; the objection is marked recorded so the schedule
// does not come back to it.
func TestRequestsWithoutMarketingEffect(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 0)
	f.optIn(t, "werksta", kari())
	r := objection("werksta", "kari@example.no", f.clock.now())
	r.ObjectionScope = apprequests.ObjectProcessing
	if a, err := f.svc.ApplyRequest(ctx, r); err != nil || a != (marketingconsent.Applied{}) {
		t.Errorf("objection to processing = %+v, %v", a, err)
	}
	r.Type, r.ID = apprequests.TypeErasure, "erase-1"
	if a, err := f.svc.ApplyRequest(ctx, r); err != nil || a != (marketingconsent.Applied{}) {
		t.Errorf("erasure = %+v, %v", a, err)
	}
	want := map[string]row{
		"email": {appmarketingconsent.StatusGranted, appmarketingconsent.Basis("NO", "email", appmarketingconsent.StatusGranted)},
		"sms":   {appmarketingconsent.StatusGranted, appmarketingconsent.Basis("NO", "sms", appmarketingconsent.StatusGranted)},
	}
	if diff := cmp.Diff(want, f.current(t, "werksta", "kari@example.no")); diff != "" {
		t.Errorf("the export (-want +got):\n%s", diff)
	}
	if n := f.count(t, "SELECT COUNT(*) FROM marketing_request_effects"); n != 1 {
		t.Errorf("%d requests marked recorded, want the objection only", n)
	}
}

// The manage page refuses a channel it does not know, or none, and
// changes nothing; a withdrawal that finds no consent says so (0).
func TestWithdrawRefusesUnknownChannels(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 0)
	p := f.optIn(t, "werksta", kari())
	token := f.svc.ManageToken(p.ID)
	for _, chs := range [][]string{{""}, {"fax"}, {"email", "fax"}, {"EMAIL"}, {" email"}, {"all"}} {
		_, err := f.svc.Withdraw(ctx, p.ID, token, chs)
		e := problem.As(err)
		if e == nil || e.Code != problem.CodeInvalid || len(e.Fields) != 1 || e.Fields[0] != (problem.FieldError{Field: "channel", Problem: problem.ErrChoice}) {
			t.Errorf("Withdraw(%q) = %v, want invalid channel", chs, err)
		}
	}
	if diff := cmp.Diff(map[string]string{"email": "granted", "sms": "granted"}, f.statuses(t, p.ID)); diff != "" {
		t.Errorf("after refused withdrawals (-want +got):\n%s", diff)
	}
	for _, chs := range [][]string{{"phone"}, {"post"}} {
		if n, err := f.svc.Withdraw(ctx, p.ID, token, chs); err != nil || n != 0 {
			t.Errorf("Withdraw(%q), never granted = %d, %v; want 0", chs, n, err)
		}
	}
	if n, err := f.svc.Withdraw(ctx, p.ID, token, nil); err != nil || n != 2 {
		t.Errorf("Withdraw(all) = %d, %v; want 2", n, err)
	}
	if n, err := f.svc.Withdraw(ctx, p.ID, token, nil); err != nil || n != 0 {
		t.Errorf("Withdraw(all) again = %d, %v; want 0", n, err)
	}
}

// One person, one model: random sequences of opt-ins, confirmations,
// withdrawals, reservations, objections and withdrawals by request, each
// with the address spelt another way, end where a simple model of the
// person ends, and the export and suppression list say what the model
// says: one row per channel, and a person is contactable on a channel iff
// the model allows it. Another person at the same company is never
// touched.
func TestRandomSequencesAcrossSpellings(t *testing.T) {
	// MARKETING_SEED=n repeats a run.
	seed := uint64(time.Now().UnixNano())
	if v, err := strconv.ParseUint(os.Getenv("MARKETING_SEED"), 10, 64); err == nil {
		seed = v
	}
	t.Logf("seed %d (MARKETING_SEED=%[1]d repeats it)", seed)
	r := rand.New(rand.NewPCG(seed, 20))
	spell := func(addr string) string {
		b := []byte(addr)
		for i, c := range b {
			if 'a' <= c && c <= 'z' && r.IntN(2) == 0 {
				b[i] = c - 'a' + 'A'
			}
		}
		return []string{"", " ", "  ", "\t"}[r.IntN(4)] + string(b) + []string{"", " ", "\n"}[r.IntN(3)]
	}
	for run := range 12 {
		slug := []string{"werksta", "car-room"}[run%2]
		t.Run(fmt.Sprintf("%s-%d", slug, run), func(t *testing.T) {
			ctx := context.Background()
			f := newFixture(t, 0)
			c := f.controller(t, slug)
			const addr, other = "kari.n@example.no", "ola@example.no"
			f.optIn(t, slug, appmarketingconsent.Form{Channels: appmarketingconsent.Channels(c)[:1], Email: other, Phone: "+4791234567", Language: i18n.NB})
			model := map[string]string{} // channel: status; none when absent
			var steps []string
			var last *marketingconsent.Request
			form := func(channels, reserve []string) appmarketingconsent.Form {
				return appmarketingconsent.Form{Channels: channels, Reserve: reserve, Email: spell(addr), Phone: "+4791234567",
					Name: "Kari N", Street: "Storgata 1", PostalCode: map[string]string{"NO": "0150", "DK": "2100"}[c.Country],
					City: "Oslo", Language: i18n.NB}
			}
			for step := range 25 {
				f.clock.advance(time.Duration(1+r.IntN(120)) * time.Minute)
				switch op := r.IntN(7); op {
				case 0, 1: // opt in and confirm, with or without a "no"
					var channels, reserve []string
					for _, ch := range appmarketingconsent.Channels(c) {
						if r.IntN(2) == 0 {
							channels = append(channels, ch)
						}
					}
					for _, ch := range appmarketingconsent.Reservable(c.Country) {
						if !slices.Contains(channels, ch) && r.IntN(3) == 0 {
							reserve = append(reserve, ch)
						}
					}
					if len(channels)+len(reserve) == 0 {
						continue
					}
					fm := form(channels, reserve)
					steps = append(steps, fmt.Sprintf("opt in %q, no to %q as %q", channels, reserve, fm.Email))
					token := f.submit(t, slug, fm)
					f.clock.advance(time.Minute)
					if _, _, err := f.svc.Confirm(ctx, token); err != nil {
						t.Fatalf("%s: %v", strings.Join(steps, "; "), err)
					}
					for _, ch := range channels {
						model[ch] = appmarketingconsent.StatusGranted
					}
					for _, ch := range reserve {
						model[ch] = appmarketingconsent.StatusReserved
					}
				case 2: // an opt-in never confirmed changes nothing
					fm := form(appmarketingconsent.Channels(c), nil)
					steps = append(steps, "opt in unconfirmed as "+fm.Email)
					f.submit(t, slug, fm)
				case 3: // withdraw one channel, or all, from the manage link
					p, err := f.store.PersonByEmail(ctx, slug, emailaddr.Normalize(spell(addr)))
					if errors.Is(err, marketingconsent.ErrNotFound) {
						continue
					}
					var channels []string
					if r.IntN(3) > 0 {
						channels = []string{appmarketingconsent.AllChannels()[r.IntN(4)]}
					}
					steps = append(steps, fmt.Sprintf("withdraw %q", channels))
					if _, err := f.svc.Withdraw(ctx, p.ID, f.svc.ManageToken(p.ID), channels); err != nil {
						t.Fatalf("%s: %v", strings.Join(steps, "; "), err)
					}
					for ch, st := range model {
						if st == appmarketingconsent.StatusGranted && (channels == nil || channels[0] == ch) {
							model[ch] = appmarketingconsent.StatusWithdrawn
						}
					}
				case 4, 5: // a confirmed request
					req := objection(slug, spell(addr), f.clock.now())
					effect, _ := appmarketingconsent.ByRequest(c.Country, apprequests.TypeObjection, apprequests.ObjectDirectMarketing)
					if op == 5 {
						req = withdrawal(slug, spell(addr), f.clock.now())
						effect, _ = appmarketingconsent.ByRequest(c.Country, apprequests.TypeWithdrawConsent, "")
					}
					req.ID = fmt.Sprintf("req-%d", step)
					last = &req
					steps = append(steps, req.Type+" as "+req.Email)
					if _, err := f.svc.ApplyRequest(ctx, req); err != nil {
						t.Fatalf("%s: %v", strings.Join(steps, "; "), err)
					}
					for ch, st := range model {
						if st == appmarketingconsent.StatusGranted {
							model[ch] = appmarketingconsent.StatusWithdrawn
						}
					}
					for _, ch := range effect.Channels {
						// An objection also turns a withdrawn consent into
						// its reservation.
						if model[ch] == "" || effect.Status == appmarketingconsent.StatusReserved && model[ch] == appmarketingconsent.StatusWithdrawn {
							model[ch] = effect.Status
						}
					}
				case 6: // the last request recorded again (the schedule) changes nothing
					if last == nil {
						continue
					}
					steps = append(steps, "again: "+last.Type)
					if _, err := f.svc.ApplyRequest(ctx, *last); err != nil {
						t.Fatal(err)
					}
				}
				check(t, f, c, addr, model, steps)
			}
			if diff := cmp.Diff(map[string]string{appmarketingconsent.Channels(c)[0]: appmarketingconsent.StatusGranted}, statusesOf(f.current(t, slug, other))); diff != "" {
				t.Errorf("another person (-want +got):\n%s", diff)
			}
		})
	}
}

func statusesOf(rows map[string]row) map[string]string {
	out := map[string]string{}
	for ch, r := range rows {
		out[ch] = r.Status
	}
	return out
}

// check holds the store to the model: one person for the address, one
// row per channel with the model's status, and on each channel the
// person is contactable iff the model says so: where the law asks
// consent, only with a consent; where it allows marketing unless the
// person said no, unless they withdrew or reserved.
func check(t *testing.T, f *fixture, c company.Controller, addr string, model map[string]string, steps []string) {
	t.Helper()
	if n := f.count(t, "SELECT COUNT(*) FROM marketing_people WHERE controller = ? AND lower(email) = ?", c.Slug, addr); n > 1 {
		t.Fatalf("%s: %d people for one address", strings.Join(steps, "; "), n)
	}
	if n := f.count(t, "SELECT COUNT(*) FROM marketing_people WHERE controller = ? AND email <> lower(trim(email))", c.Slug); n != 0 {
		t.Fatalf("%s: %d addresses stored in another spelling", strings.Join(steps, "; "), n)
	}
	got := f.current(t, c.Slug, addr)
	if diff := cmp.Diff(model, statusesOf(got)); diff != "" {
		t.Fatalf("after %s\nthe export (-model +got):\n%s", strings.Join(steps, "; "), diff)
	}
	suppressed := f.suppressed(t, c.Slug, addr)
	for _, ch := range appmarketingconsent.AllChannels() {
		st := model[ch]
		contactable := st == appmarketingconsent.StatusGranted
		if appmarketingconsent.RuleFor(c.Country, ch).Code == appmarketingconsent.RuleUnlessReserved {
			contactable = st != appmarketingconsent.StatusWithdrawn && st != appmarketingconsent.StatusReserved
		}
		exported := got[ch].Status == appmarketingconsent.StatusGranted
		if appmarketingconsent.RuleFor(c.Country, ch).Code == appmarketingconsent.RuleUnlessReserved {
			exported = !slices.Contains(suppressed, ch)
		}
		if exported != contactable {
			t.Fatalf("after %s\n%s: the export makes the person contactable %v, the model %v (status %q)",
				strings.Join(steps, "; "), ch, exported, contactable, st)
		}
	}
}
