package provenance

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"privacyportal/app/company"
)

const statement = `Personvernerklæring for Eksempel AS

Vi behandler navn og kontakt-
opplysninger for å levere tjenesten.   Grunnlaget er avtalen med deg.
` + "Vi\u00a0sender nyhetsbrev på e-post når du har samtykket.\n"

// base is a small controller whose every fact is cited.
func base() company.Controller {
	return company.Controller{
		Slug: "eksempel", Language: "nb", Country: "NO",
		Name: "Eksempel",
		Cite: company.Cites{"name": {"Personvernerklæring for Eksempel AS"}},
		Purposes: []company.Purpose{{
			Name:       "levere tjenesten",
			LegalBases: []string{"b"},
			Cite: company.Cites{
				"name":        {"for å levere tjenesten."},
				"legal_bases": {"Grunnlaget er avtalen med deg."},
			},
		}},
		Marketing: company.Marketing{
			Channels: []company.MarketingChannel{{
				Channel: "email", Purposes: []string{"nyhetsbrev"},
				Cite: company.Cites{"channel,purposes": {"Vi sender nyhetsbrev på e-post"}},
			}},
		},
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *company.Controller)
		want   []string // field: the start of the problem
	}{
		{"every fact cited", func(*company.Controller) {}, nil},
		{"a legal basis the statement does not name", func(c *company.Controller) {
			delete(c.Purposes[0].Cite, "legal_bases")
		}, []string{"purposes[0].legal_bases: states something but cites no sentence"}},
		{"a channel added without a citation", func(c *company.Controller) {
			c.Marketing.Channels = append(c.Marketing.Channels, company.MarketingChannel{Channel: "sms", Purposes: []string{"nyhetsbrev"}})
		}, []string{
			"marketing.channels[1].channel: states something but cites no sentence",
			"marketing.channels[1].purposes: states something but cites no sentence",
		}},
		{"a quotation the statement does not hold", func(c *company.Controller) {
			c.Cite["name"] = []string{"Personvernerklæring for Hurtigruta Eksempel AS"}
		}, []string{`cite.name[0]: is not in the company's statement: "Personvernerklæring for Hurtigruta Eksempel AS"`}},
		{"a quotation too short to prove anything", func(c *company.Controller) {
			c.Cite["name"] = []string{"Eksempel"}
		}, []string{"cite.name[0]: is too short"}},
		{"a citation of a field that does not exist", func(c *company.Controller) {
			c.Purposes[0].Cite["basis"] = []string{"Grunnlaget er avtalen med deg."}
		}, []string{`purposes[0].cite.basis: "basis" is not a field here`}},
		{"the portal's own set-up cites nothing", func(c *company.Controller) {
			c.Cite["slug"] = []string{"Personvernerklæring for Eksempel AS"}
		}, []string{`cite.slug: "slug" is the portal's own set-up`}},
		{"a list of objects cites for each object", func(c *company.Controller) {
			c.Cite["purposes"] = []string{"for å levere tjenesten."}
		}, []string{`cite.purposes: "purposes" holds objects that cite their own sources`}},
		{"a transfer the statement never mentions", func(c *company.Controller) {
			c.Transfers.OutsideEEA = company.TransfersNo
		}, []string{"transfers.outside_eea: states something but cites no sentence"}},
		{"a cookie lifetime the statement never gives", func(c *company.Controller) {
			c.Cookies.Categories = []company.CookieCategory{{
				ID: "statistics", Description: "behandler navn",
				Cite: company.Cites{"id,description": {"Vi behandler navn og kontakt-"}},
				Services: []company.CookieService{{
					Name: "kontakt- opplysninger", Purpose: "levere tjenesten", Scripts: []string{"https://example.com/a.js"},
					Cite:    company.Cites{"name,purpose": {"Vi behandler navn og kontakt-\nopplysninger for å levere tjenesten."}},
					Cookies: []company.CookieItem{{Name: "navn", Lifetime: "levere", Cite: company.Cites{"name": {"Vi behandler navn og kontakt-"}}}},
				}},
			}}
		}, []string{"cookies.categories[0].services[0].cookies[0].lifetime: states something but cites no sentence"}},
		{"a field shown as the company's words that is not theirs", func(c *company.Controller) {
			c.Purposes[0].Name = "Levere tjenester"
		}, []string{`purposes[0].name: is shown as the company's words but is not in its statement word for word`}},
		{"the same field marked as the portal's summary", func(c *company.Controller) {
			c.Purposes[0].Name = "Levere tjenester"
			c.Purposes[0].Summarized = company.Summaries{"name"}
		}, nil},
		{"a list item that is not the company's words", func(c *company.Controller) {
			c.Marketing.Channels[0].Purposes = []string{"nyhetsbrev", "gode tilbud"}
		}, []string{`marketing.channels[0].purposes[1]: is shown as the company's words but is not in its statement word for word`}},
		{"passages apart in the statement, joined by an ellipsis", func(c *company.Controller) {
			c.Purposes[0].Description = "Vi behandler navn" + company.Ellipsis + "Grunnlaget er avtalen med deg."
			c.Purposes[0].Cite["description"] = []string{"Vi behandler navn og kontakt-", "Grunnlaget er avtalen med deg."}
		}, nil},
		{"passages joined without saying they are apart", func(c *company.Controller) {
			c.Purposes[0].Description = "Vi behandler navn Grunnlaget er avtalen med deg."
			c.Purposes[0].Cite["description"] = []string{"Vi behandler navn og kontakt-", "Grunnlaget er avtalen med deg."}
		}, []string{`purposes[0].description: is shown as the company's words but is not in its statement word for word`}},
		{"a modal verb dropped", func(c *company.Controller) {
			c.Marketing.Channels[0].Purposes = []string{"Vi sender nyhetsbrev på e-post når du samtykker."}
		}, []string{`marketing.channels[0].purposes[0]: is shown as the company's words but is not in its statement word for word`}},
		{"a word found elsewhere in the statement, not in what the field cites", func(c *company.Controller) {
			c.Purposes[0].Name = "nyhetsbrev"
		}, []string{`purposes[0].name: is shown as the company's words but is not in the sentences it cites: "nyhetsbrev"`}},
		{"a sentence cut short and closed as if whole", func(c *company.Controller) {
			c.Purposes[0].Description = "Vi sender nyhetsbrev på e-post."
			c.Purposes[0].Cite["description"] = []string{"Vi sender nyhetsbrev på e-post når du har samtykket."}
		}, []string{`purposes[0].description: is shown as the company's words but is not in its statement word for word`}},
		{"a summary of a field that is not there", func(c *company.Controller) {
			c.Purposes[0].Summarized = company.Summaries{"description", "slug"}
		}, []string{`purposes[0].summarized[0]: "description" is not a field with the company's text here`, `purposes[0].summarized[1]: "slug" is not a field with the company's text here`}},
		{"an empty citation", func(c *company.Controller) {
			c.Cite["business"] = nil
		}, []string{"cite.business: quotes nothing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base()
			tt.change(&c)
			var got []string
			for _, p := range Check(c, NewSource(statement)) {
				got = append(got, p.Field+": "+p.Problem)
			}
			slices.Sort(got)
			if len(got) != len(tt.want) {
				t.Fatalf("problems (-want +got):\n%s", cmp.Diff(tt.want, got))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("problem %d = %q, want it to start with %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}

// A quotation is found across the line breaks, runs of spaces and
// non-breaking spaces of a statement copied from a PDF, but a word broken
// at a line end stays broken: the portal quotes what the company wrote.
func TestSourceContains(t *testing.T) {
	src := NewSource(statement)
	tests := []struct {
		quote string
		want  bool
	}{
		{"Grunnlaget er avtalen med deg.", true},
		{"tjenesten. Grunnlaget", true},
		{"Vi sender nyhetsbrev", true},
		{"kontakt- opplysninger for å levere", true},
		{"kontaktopplysninger for å levere", false},
		{"grunnlaget er avtalen", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := src.Contains(tt.quote); got != tt.want {
			t.Errorf("Contains(%q) = %v, want %v", tt.quote, got, tt.want)
		}
	}
}
