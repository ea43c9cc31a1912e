package ui

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"privacyportal/app/company"
	"privacyportal/app/i18n"
	"privacyportal/site/controllers"
)

func testSite() Site {
	return NewSite(company.NewRegistry([]company.Controller{
		{Slug: "werksta", Language: i18n.NB, Name: "Werksta"},
		{Slug: "car-room", Language: i18n.DA, Name: "CAR-ROOM"},
	}))
}

func TestResolve(t *testing.T) {
	s := testSite()
	tests := []struct {
		path string
		want Location
	}{
		{"/", Location{PageHome, i18n.NB, ""}},
		{"", Location{PageHome, i18n.NB, ""}},
		{"/en/", Location{PageHome, i18n.EN, ""}},
		{"/da/", Location{PageHome, i18n.DA, ""}},
		{"/nb/", Location{PageNotFound, i18n.NB, ""}}, // the default language has no prefix
		{"/werksta/", Location{PageStatement, i18n.NB, "werksta"}},
		{"/werksta/?utm=x#rights", Location{PageStatement, i18n.NB, "werksta"}},
		{"/car-room/", Location{PageStatement, i18n.DA, "car-room"}},
		{"/en/car-room/", Location{PageStatement, i18n.EN, "car-room"}},
		{"/nb/car-room/", Location{PageStatement, i18n.NB, "car-room"}},
		{"/da/car-room/", Location{PageNotFound, i18n.DA, "car-room"}},
		{"/werksta/nope", Location{PageNotFound, i18n.NB, "werksta"}},
		{"/car-room/nope/deeper", Location{PageNotFound, i18n.DA, "car-room"}},
		{"/en/werksta/nope", Location{PageNotFound, i18n.EN, "werksta"}},
		{"/unknown/", Location{PageNotFound, i18n.NB, ""}},
		{"/da/unknown", Location{PageNotFound, i18n.DA, ""}},
		{"/werksta/request", Location{PageRequest, i18n.NB, "werksta"}},
		{"/werksta/request?type=erasure", Location{PageRequest, i18n.NB, "werksta"}},
		{"/en/car-room/request", Location{PageRequest, i18n.EN, "car-room"}},
		{"/da/car-room/request", Location{PageNotFound, i18n.DA, "car-room"}},
		{"/werksta/request/", Location{PageNotFound, i18n.NB, "werksta"}},
		{"/my-requests", Location{PageMyRequests, i18n.NB, ""}},
		{"/da/my-requests", Location{PageMyRequests, i18n.DA, ""}},
		{"/verify", Location{PageVerify, i18n.NB, ""}},
		{"/en/verify", Location{PageVerify, i18n.EN, ""}},
		{"/nb/verify", Location{PageNotFound, i18n.NB, ""}},
		{"/verify/x", Location{PageNotFound, i18n.NB, ""}},
		{"/privacy", Location{PagePrivacy, i18n.NB, ""}},
		{"/da/privacy", Location{PagePrivacy, i18n.DA, ""}},
		{"/en/privacy", Location{PagePrivacy, i18n.EN, ""}},
		{"/nb/privacy", Location{PageNotFound, i18n.NB, ""}},
		{"/privacy/", Location{PageNotFound, i18n.NB, ""}},
		{"/werksta/privacy", Location{PageNotFound, i18n.NB, "werksta"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, s.Resolve(tt.path)); diff != "" {
			t.Errorf("Resolve(%q) (-want +got):\n%s", tt.path, diff)
		}
	}
}

// Every page the generator writes must resolve back to itself in the
// browser, or the app would replace a prerendered page with another one.
func TestPagesRoundTrip(t *testing.T) {
	s := testSite()
	seen := map[string]bool{}
	for _, loc := range s.Pages() {
		p := s.Path(loc)
		if seen[p] {
			t.Errorf("two pages at %s", p)
		}
		seen[p] = true
		if diff := cmp.Diff(loc, s.Resolve(p)); diff != "" {
			t.Errorf("Resolve(Path(%v)) = %s (-want +got):\n%s", loc, p, diff)
		}
	}
	for _, p := range []string{"/", "/en/", "/da/", "/werksta/", "/en/werksta/", "/da/werksta/", "/car-room/", "/nb/car-room/", "/en/car-room/",
		"/404.html", "/werksta/404.html", "/car-room/404.html", "/en/car-room/404.html",
		"/werksta/request", "/en/car-room/request", "/my-requests", "/en/verify", "/privacy", "/da/privacy", "/en/privacy"} {
		if !seen[p] {
			t.Errorf("no page at %s", p)
		}
	}
}

// Missing tells which addresses need a document the site lacks: in the
// browser, which holds only its page's company and no list.
func TestMissing(t *testing.T) {
	reg, err := company.Load(controllers.FS(), controllers.Dir)
	if err != nil {
		t.Fatal(err)
	}
	werksta, _ := reg.Lookup("werksta")
	browser := Site{Controllers: company.NewRegistry([]company.Controller{werksta}), DefaultLang: DefaultLang}
	got := map[string]bool{}
	for _, p := range []string{"/", "/en/", "/werksta/", "/en/werksta/request?x=1#f", "/car-room/", "/da/car-room/cookies",
		"/my-requests", "/en/verify", "/privacy#top", "/no-such/", "/en"} {
		got[p] = browser.Missing(p)
	}
	want := map[string]bool{"/": true, "/en/": true, "/werksta/": false, "/en/werksta/request?x=1#f": false, "/car-room/": true,
		"/da/car-room/cookies": true, "/my-requests": false, "/en/verify": false, "/privacy#top": false, "/no-such/": true, "/en": true}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Missing (-want +got):\n%s", diff)
	}
	host := NewSite(reg)
	for p := range want {
		if p != "/no-such/" && host.Missing(p) {
			t.Errorf("on the host, %s is missing", p)
		}
	}
}
