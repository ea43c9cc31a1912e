package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A body is read one way for every endpoint: what is not UTF-8, JSON that
// names a key twice or in another case, trailing data and the wrong media
// type are refused with their own status and a localized message, and
// nothing is stored or sent.
func TestStrictBodies(t *testing.T) {
	tests := []struct {
		name, contentType, body string
		status                  int
		code                    string
	}{
		{"invalid UTF-8 in JSON", "application/json", "{\"type\":\"access\",\"name\":\"\xff\",\"email\":\"a@b.no\"}", 422, "bad_encoding"},
		{"invalid UTF-8 in a form", "application/x-www-form-urlencoded", "type=access&name=%FF&email=a%40b.no", 422, "bad_encoding"},
		{"invalid UTF-8 in a form field's name", "application/x-www-form-urlencoded", "%FE=1&type=access", 422, "bad_encoding"},
		{"a key twice", "application/json", `{"email":"a@b.no","email":"c@d.no"}`, 400, "bad_request"},
		{"a key in capitals", "application/json", `{"type":"access","name":"A","email":"a@b.no","EMAIL":"evil@x.no"}`, 400, "bad_request"},
		{"a key in mixed case alone", "application/json", `{"Email":"a@b.no"}`, 400, "bad_request"},
		{"a Kelvin sign folding to k", "application/json", "{\"\u212aey\":1}", 400, "bad_request"},
		{"a nested key twice", "application/json", `{"a":{"b":1,"b":2}}`, 400, "bad_request"},
		{"trailing data", "application/json", `{"type":"access"} {"type":"erasure"}`, 400, "bad_request"},
		{"deep nesting", "application/json", strings.Repeat("[", 40) + strings.Repeat("]", 40), 400, "bad_request"},
		{"not JSON", "application/json", `{"type":`, 400, "bad_request"},
		{"plain text", "text/plain", `{"type":"access"}`, 415, "unsupported_media"},
		{"multipart", "multipart/form-data; boundary=x", "--x--", 415, "unsupported_media"},
		{"too large", "application/json", `{"text":"` + strings.Repeat("a", 40<<10) + `"}`, 413, "too_large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPortal(t)
			req := with(httpRequest("POST", "/api/werksta/requests", tt.body), "Content-Type", tt.contentType)
			rec := p.serve(with(req, "Accept-Language", "nb"))
			if rec.Code != tt.status {
				t.Fatalf("status = %d, want %d; body:\n%s", rec.Code, tt.status, rec.Body)
			}
			if strings.HasPrefix(tt.contentType, "application/json") {
				body := decodeBody(t, rec)
				if diff := cmp.Diff(tt.code, body.Error.Code); diff != "" {
					t.Errorf("code (-want +got):\n%s", diff)
				}
				if body.Error.Message == "" {
					t.Errorf("no message for %s", tt.code)
				}
			} else if tt.contentType == "application/x-www-form-urlencoded" && !strings.Contains(rec.Body.String(), "<html lang=\"nb\"") {
				t.Errorf("a form post's error is not a Norwegian page:\n%s", rec.Body)
			}
			if n := p.mail.count(); n != 0 {
				t.Errorf("%d mails sent for a refused body", n)
			}
		})
	}
}

// A state-changing post that a browser says comes from another site is
// refused with 403 and a page in the company's language, and changes
// nothing: no cookie, no record, no mail. The portal's own posts, and
// clients that are not browsers, are not affected.
func TestCrossSitePostsRefused(t *testing.T) {
	tests := []struct {
		name    string
		headers map[string]string
		status  int
	}{
		{"another site", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, 403},
		{"a sibling site", map[string]string{"Sec-Fetch-Site": "same-site", "Origin": "https://other.portal.example"}, 403},
		{"an old browser on another site", map[string]string{"Origin": "https://evil.example"}, 403},
		{"a sandboxed page", map[string]string{"Origin": "null"}, 403},
		{"the portal itself", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "https://portal.example"}, 303},
		{"the portal, old browser", map[string]string{"Origin": "https://portal.example"}, 303},
		{"not a browser", map[string]string{}, 303},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPortal(t)
			req := formRequest("https://portal.example/api/werksta/consent/cookies", url.Values{"method": {"accept"}, "return": {"/werksta/"}})
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			rec := p.serve(req)
			if rec.Code != tt.status {
				t.Fatalf("status = %d, want %d:\n%s", rec.Code, tt.status, rec.Body)
			}
			cookie := rec.Header().Get("Set-Cookie")
			if tt.status == 403 {
				if cookie != "" {
					t.Errorf("a refused post set a cookie: %s", cookie)
				}
				if !strings.Contains(rec.Body.String(), `lang="nb"`) || !strings.Contains(rec.Body.String(), "annet nettsted") {
					t.Errorf("the refusal is not a Norwegian page:\n%s", rec.Body)
				}
			} else if cookie == "" {
				t.Errorf("an accepted post set no cookie")
			}
		})
	}
	// A JSON request from the app on another site is refused the same way.
	p := newPortal(t)
	req := with(jsonRequest("https://portal.example/api/werksta/requests", map[string]string{"type": "access", "name": "Åse", "email": "ase@example.no"}), "Sec-Fetch-Site", "cross-site")
	if rec := p.serve(req); rec.Code != 403 || decodeBody(t, rec).Error.Code != "cross_site" || p.mail.count() != 0 {
		t.Errorf("a cross-site JSON post: %d %s; %d mails", rec.Code, rec.Body, p.mail.count())
	}
}

// Wherever a form post names a page to return to, the answer's Location
// stays on the portal, whatever is sent: every known open-redirect payload
// is either refused (the company's page instead) or a path a browser
// resolves on the portal.
func TestReturnStaysOnThePortal(t *testing.T) {
	payloads := []string{
		"//evil.example", "///evil.example", `/\evil.example`, `\\evil.example`, `/\/evil.example`,
		"/\t/evil.example/", "/%09/evil.example/", "/\n/evil.example", "/\r\n/evil.example", "/\x00",
		"/%00", " //evil.example", "https://evil.example", "http:evil.example", "javascript:alert(1)",
		"data:text/html,x", "//evil.example%2f..", "/%2f%2fevil.example", "/%5cevil.example", "/／evil.example",
		"/\u3002evil.example", "//@evil.example", "https://portal.example@evil.example/", "/werksta/\r\nLocation: //evil.example",
		"/werksta/#@evil.example", "\x01//evil.example", "/" + strings.Repeat("a", 300), "", "werksta/", "../evil.example",
		"/werksta/\u202e", "//evil.example/%2e%2e", "/.//evil.example", "/%2e/evil.example",
	}
	base, _ := url.Parse("https://portal.example/werksta/")
	if len(payloads) < 30 {
		t.Fatalf("only %d payloads", len(payloads))
	}
	for i, payload := range payloads {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			p := newPortal(t)
			rec := p.serve(formRequest("https://portal.example/api/werksta/consent/cookies", url.Values{"method": {"reject"}, "return": {payload}}))
			if rec.Code != http.StatusSeeOther {
				t.Fatalf("return %q: status %d, want 303", payload, rec.Code)
			}
			loc := rec.Header().Get("Location")
			u, err := url.Parse(strings.NewReplacer("\t", "", "\n", "", "\r", "", `\`, "/").Replace(strings.TrimSpace(loc)))
			if err != nil {
				t.Fatalf("return %q: Location %q does not parse", payload, loc)
			}
			if to := base.ResolveReference(u); to.Host != base.Host || to.Scheme != base.Scheme {
				t.Errorf("return %q: Location %q leads to %v", payload, loc, to)
			}
		})
	}
}

// httpRequest is a request with a raw body.
func httpRequest(method, target, body string) *http.Request {
	return httptest.NewRequest(method, target, strings.NewReader(body))
}

// errorAnswer is the JSON of an error answer.
type errorAnswer struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func decodeBody(t *testing.T, rec *httptest.ResponseRecorder) errorAnswer {
	t.Helper()
	var a errorAnswer
	if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, rec.Body)
	}
	return a
}
