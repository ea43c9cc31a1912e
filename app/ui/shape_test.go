package ui

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"privacyportal/app/company"
	"privacyportal/app/cookieconsent"
	"privacyportal/app/i18n"
	"privacyportal/app/marketingconsent"
	"privacyportal/app/problem"
	"privacyportal/app/requests"
	"privacyportal/site/controllers"
)

// go-app updates a page by matching each element with the one at the same
// place among its siblings (see message in elements.go). A form control
// keeps what a person typed or ticked only if, from one state of its form
// to the next, it stays at the same place: the same tag at the same index
// at every level from the root. These tests render each form in hundreds
// of random states (errors shown or not, choices made, a failure, sending)
// and require every control to stay where it was in the form's first
// state, and, for forms that show or hide fields, the same controls to be
// there in every state.

// controls maps each form control of a rendered tree (input, textarea,
// select, button), by its identity, to its place: tag and index among its
// element siblings, from the root down.
func controls(t *testing.T, ui app.UI) map[string]string {
	t.Helper()
	html := app.HTMLString(ui)
	out := map[string]string{}
	type level struct {
		tag      string
		children int
	}
	stack := []level{{tag: "root"}}
	var path []string
	for _, m := range tagPattern.FindAllStringSubmatch(html, -1) {
		closing, tag, attrs := m[1] == "/", strings.ToLower(m[2]), m[3]
		if closing {
			if len(stack) < 2 || stack[len(stack)-1].tag != tag {
				t.Fatalf("unbalanced </%s> in %s", tag, html)
			}
			stack, path = stack[:len(stack)-1], path[:len(path)-1]
			continue
		}
		parent := &stack[len(stack)-1]
		place := tag + "[" + strconv.Itoa(parent.children) + "]"
		parent.children++
		if slices.Contains([]string{"input", "textarea", "select", "button"}, tag) {
			id := tag + " " + attr(attrs, "id") + " " + attr(attrs, "name") + "=" + attr(attrs, "value")
			// Controls with neither id nor name (a form's buttons) are
			// told apart by their order.
			for n := 2; out[id] != ""; n++ {
				id = strings.TrimSuffix(id, " #"+strconv.Itoa(n-1)) + " #" + strconv.Itoa(n)
			}
			out[id] = strings.Join(append(slices.Clone(path), place), "/")
		}
		if !voidElements[tag] && !strings.HasSuffix(attrs, "/") {
			stack = append(stack, level{tag: tag})
			path = append(path, place)
		}
	}
	return out
}

var (
	tagPattern   = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>/]+(?:="[^"]*")?)*\s*/?)>`)
	attrPattern  = regexp.MustCompile(`\s([^\s=>/]+)="([^"]*)"`)
	voidElements = map[string]bool{"input": true, "br": true, "img": true, "meta": true, "link": true, "hr": true,
		"source": true, "wbr": true, "area": true, "col": true, "embed": true, "track": true}
)

func attr(attrs, name string) string {
	for _, m := range attrPattern.FindAllStringSubmatch(attrs, -1) {
		if m[1] == name {
			return m[2]
		}
	}
	return ""
}

// sameControls fails unless every control of got is where it was in
// first; with all, the same controls must also be there.
func sameControls(t *testing.T, first, got map[string]string, all bool, state string) {
	t.Helper()
	for id, place := range got {
		if was, ok := first[id]; ok && was != place {
			t.Fatalf("%s: %s moved from %s to %s", state, id, was, place)
		}
	}
	if all {
		if diff := cmp.Diff(keys(first), keys(got)); diff != "" {
			t.Fatalf("%s: the form's controls changed (-first +now):\n%s", state, diff)
		}
	}
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func seedControllers(t *testing.T) []company.Controller {
	t.Helper()
	reg, err := company.Load(controllers.FS(), controllers.Dir)
	if err != nil {
		t.Fatal(err)
	}
	return reg.All()
}

// subset picks each of names with probability one half.
func subset(r *rand.Rand, names []string) []string {
	var out []string
	for _, n := range names {
		if r.IntN(2) == 0 {
			out = append(out, n)
		}
	}
	return out
}

// formState is a random state of a form's messages: errors at some of
// fields, some of them in the summary, perhaps a failure, perhaps sending.
func formState(r *rand.Rand, fields []string) (errs map[string]string, summary []problem.FieldError, failure string, sending bool) {
	errs = map[string]string{}
	for _, f := range subset(r, fields) {
		errs[f] = "wrong " + f
		if r.IntN(2) == 0 {
			summary = append(summary, problem.FieldError{Field: f})
		}
	}
	if r.IntN(4) == 0 {
		failure = "the portal failed"
	}
	return errs, summary, failure, r.IntN(4) == 0
}

func TestRequestFormKeepsItsPlaces(t *testing.T) {
	var fields []string
	for _, f := range requests.Fields() {
		fields = append(fields, f.Name)
	}
	types := append([]string{""}, requests.Types()...)
	for _, c := range seedControllers(t) {
		for _, l := range []i18n.Lang{c.Language, i18n.EN} {
			r := rand.New(rand.NewPCG(1, uint64(len(c.Slug))))
			page := func() *RequestPage {
				return &RequestPage{Site: NewSite(company.NewRegistry([]company.Controller{c})), Loc: Location{Page: PageRequest, Lang: l, Slug: c.Slug}, Controller: c}
			}
			first := controls(t, page().renderForm())
			for i := range 200 {
				p := page()
				p.chosen = types[r.IntN(len(types))]
				p.errs, p.summary, p.failure, p.sending = formState(r, fields)
				state := fmt.Sprintf("%s/%s state %d (type %q, errors %v, failure %q)", c.Slug, l, i, p.chosen, keys(p.errs), p.failure)
				sameControls(t, first, controls(t, p.renderForm()), true, state)
			}
		}
	}
}

func TestCodeStepKeepsItsPlaces(t *testing.T) {
	c := seedControllers(t)[0]
	p := &RequestPage{Site: NewSite(company.NewRegistry([]company.Controller{c})), Loc: Location{Page: PageRequest, Lang: c.Language, Slug: c.Slug},
		Controller: c, sent: &SentRequest{ID: "x", Reference: "R-1", Due: "2026-01-05"}}
	first := controls(t, p.renderCode())
	for _, s := range []struct {
		err     string
		sending bool
	}{{"wrong code", false}, {"", true}, {"wrong code", true}, {"", false}} {
		p.codeErr, p.sending = s.err, s.sending
		sameControls(t, first, controls(t, p.renderCode()), true, fmt.Sprintf("code error %q, sending %v", s.err, s.sending))
	}
}

func TestMarketingFormKeepsItsPlaces(t *testing.T) {
	var fields []string
	for _, f := range marketingconsent.ContactFields() {
		fields = append(fields, f.Name)
	}
	fields = append(fields, "channels", "reserve")
	for _, c := range seedControllers(t) {
		for _, l := range []i18n.Lang{c.Language, i18n.EN} {
			r := rand.New(rand.NewPCG(2, uint64(len(c.Slug))))
			page := func() *MarketingPage {
				return &MarketingPage{Site: NewSite(company.NewRegistry([]company.Controller{c})), Loc: Location{Page: PageMarketing, Lang: l, Slug: c.Slug}, Controller: c}
			}
			first := controls(t, page().Render())
			for i := range 200 {
				p := page()
				p.touched = r.IntN(4) != 0
				p.form.Channels = subset(r, marketingconsent.Channels(c))
				p.form.Reserve = subset(r, marketingconsent.Reservable(c.Country))
				p.errs, p.summary, p.failure, p.sending = formState(r, fields)
				state := fmt.Sprintf("%s/%s state %d (channels %v, reserve %v, errors %v)", c.Slug, l, i, p.form.Channels, p.form.Reserve, keys(p.errs))
				sameControls(t, first, controls(t, p.Render()), true, state)
			}
		}
	}
}

func TestExportPageKeepsItsPlaces(t *testing.T) {
	for _, c := range seedControllers(t) {
		r := rand.New(rand.NewPCG(3, uint64(len(c.Slug))))
		page := func() *ExportPage {
			return &ExportPage{Site: NewSite(company.NewRegistry([]company.Controller{c})), Loc: Location{Page: PageExport, Lang: c.Language, Slug: c.Slug}, Controller: c}
		}
		first := controls(t, page().Render())
		loaded := page()
		loaded.counts = []exportCount{{Channel: company.ChannelEmail, Status: marketingconsent.StatusGranted, N: 1}}
		firstLoaded := controls(t, loaded.Render())
		for i := range 100 {
			p := page()
			if r.IntN(2) == 0 {
				p.message = "wrong token"
			}
			p.loading = r.IntN(3) == 0
			// Before anything is loaded the filters are not there; once
			// they are, nothing above them may move them.
			want := first
			if r.IntN(2) == 0 {
				p.counts = loaded.counts
				if r.IntN(2) == 0 {
					p.rows = []map[string]string{{"email": "a@b.no", "channel": company.ChannelEmail, "status": marketingconsent.StatusGranted}}
					p.total = 1
				}
				want = firstLoaded
			}
			sameControls(t, want, controls(t, p.Render()), true, fmt.Sprintf("%s state %d (message %q, loaded %v)", c.Slug, i, p.message, p.counts != nil))
			sameControls(t, firstLoaded, controls(t, p.Render()), false, fmt.Sprintf("%s state %d", c.Slug, i))
		}
	}
}

func TestCookieChoicesKeepTheirPlaces(t *testing.T) {
	for _, c := range seedControllers(t) {
		r := rand.New(rand.NewPCG(4, uint64(len(c.Slug))))
		page := func() *CookiesPage {
			return &CookiesPage{Site: NewSite(company.NewRegistry([]company.Controller{c})), Loc: Location{Page: PageCookies, Lang: c.Language, Slug: c.Slug}, Controller: c}
		}
		first := controls(t, page().Render())
		var optional []string
		for _, cat := range c.Cookies.Categories {
			if cat.ID != company.CookiesNecessary {
				optional = append(optional, cat.ID)
			}
		}
		for i := range 50 {
			p := page()
			if r.IntN(3) != 0 {
				p.choice = &cookieconsent.Choice{ID: "x", Version: c.Cookies.PolicyVersion, Granted: subset(r, optional), Time: 1_700_000_000}
			}
			p.saved, p.gpc = r.IntN(2) == 0, r.IntN(2) == 0
			sameControls(t, first, controls(t, p.Render()), true, fmt.Sprintf("%s state %d", c.Slug, i))
		}
	}
}
