package company

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"privacyportal/app/emailaddr"
	"privacyportal/app/problem"
	"privacyportal/app/valid"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
)

// Parse reads one controller file. file is the name used in error messages
// and must be the slug followed by ".json". Unknown fields are rejected, so
// a misspelt field name is reported rather than silently ignored.
func Parse(file string, data []byte) (Controller, error) {
	var c Controller
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return Controller{}, &problem.FileError{File: file, Problems: []problem.FieldError{decodeProblem(data, err)}}
	}
	if _, err := dec.Token(); err != io.EOF {
		return Controller{}, &problem.FileError{File: file, Problems: []problem.FieldError{{Problem: "unexpected data after the JSON object"}}}
	}
	problems := c.Validate()
	if want := strings.TrimSuffix(path.Base(file), ".json"); c.Slug != "" && c.Slug != want {
		problems = append(problems, problem.FieldError{Field: "slug", Problem: "must match the file name (" + strconv.Quote(want) + ")"})
	}
	if len(problems) > 0 {
		return Controller{}, &problem.FileError{File: file, Problems: problems}
	}
	return c, nil
}

// decodeProblem turns a JSON decoding error into a message that names the
// field or the line, whichever the decoder knows.
func decodeProblem(data []byte, err error) problem.FieldError {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return problem.FieldError{Problem: "invalid JSON at line " + strconv.Itoa(lineOf(data, syntax.Offset)) + ": " + syntax.Error()}
	case errors.As(err, &typ):
		return problem.FieldError{Field: typ.Field, Problem: "must be " + jsonKind(typ.Type.Kind().String()) + ", not " + typ.Value}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return problem.FieldError{Field: strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`), Problem: "unknown field"}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return problem.FieldError{Problem: "the file is empty or ends too early"}
	}
	return problem.FieldError{Problem: err.Error()}
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "slice", "array":
		return "a list"
	case "struct", "map":
		return "an object"
	case "bool":
		return "true or false"
	}
	return "a number"
}

func lineOf(data []byte, offset int64) int {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	return bytes.Count(data[:offset], []byte("\n")) + 1
}

// Registry holds the companies the portal serves, looked up by slug. On
// the host (the site generator, the tests) it holds every company from the
// start. In the Worker and the browser app it starts empty, or with the
// company of the page, and reads each company's document when it is first
// asked for (Load), keeping it for as long as the registry lives: an
// isolate's life in the Worker, a page's in the browser. It is safe for
// concurrent use.
type Registry struct {
	// read returns a company's document (Document), or an error that
	// wraps fs.ErrNotExist when there is no company of that slug.
	read func(ctx context.Context, slug string) ([]byte, error)

	mu     sync.Mutex
	all    []Controller
	bySlug map[string]int
	// failed are the slugs read holds no company for, so that an address
	// guessed again is not read again.
	failed map[string]bool
}

// Load reads every *.json file at the root of fsys as a controller file.
// dir is the folder the files came from, used in error messages. Load fails
// on the first file with problems, listing all of that file's problems.
func Load(fsys fs.FS, dir string) (*Registry, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, errors.New(dir + ": no controller files (*.json)")
	}
	var list []Controller
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		c, err := Parse(path.Join(dir, name), data)
		if err != nil {
			return nil, err
		}
		list = append(list, c)
	}
	return NewRegistry(list), nil
}

// NewRegistry makes a registry of already validated controllers, listed in
// alphabetical order of name.
func NewRegistry(list []Controller) *Registry {
	all := slices.Clone(list)
	sort.SliceStable(all, func(i, j int) bool { return strings.ToLower(all[i].Name) < strings.ToLower(all[j].Name) })
	r := &Registry{all: all, bySlug: make(map[string]int, len(all)), failed: map[string]bool{}}
	for i, c := range all {
		r.bySlug[c.Slug] = i
	}
	return r
}

// OnDemand makes a registry that reads each company's document with read
// when it is first asked for, and starts with the companies of list (in the
// browser, the one whose page this is). read returns an error wrapping
// fs.ErrNotExist for a slug that is no company's.
func OnDemand(read func(ctx context.Context, slug string) ([]byte, error), list ...Controller) *Registry {
	r := NewRegistry(list)
	r.read = read
	return r
}

// Lookup returns the company with the given slug, if the registry holds it
// already; it reads nothing.
func (r *Registry) Lookup(slug string) (Controller, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	i, ok := r.bySlug[slug]
	if !ok {
		return Controller{}, false
	}
	return r.all[i], true
}

// Load returns the company with the given slug, reading its document on
// first use. It returns a problem.Error of CodeUnknownController (404) for a slug that
// is no company's, and another error when the document could not be read.
func (r *Registry) Load(ctx context.Context, slug string) (Controller, error) {
	if c, ok := r.Lookup(slug); ok {
		return c, nil
	}
	r.mu.Lock()
	failed := r.failed[slug]
	r.mu.Unlock()
	// Only a well-formed slug can name a document: anything else is no
	// company's, and never becomes part of an address that is read.
	if failed || r.read == nil || !validSlug(slug) || reservedSlug(slug) {
		return Controller{}, problem.Fail(problem.CodeUnknownController)
	}
	data, err := r.read(ctx, slug)
	if errors.Is(err, fs.ErrNotExist) {
		r.mu.Lock()
		// Bounded: a registry that meets many wrong addresses forgets
		// them rather than growing without end.
		if len(r.failed) >= 1024 {
			clear(r.failed)
		}
		r.failed[slug] = true
		r.mu.Unlock()
		return Controller{}, problem.Fail(problem.CodeUnknownController)
	}
	if err != nil {
		return Controller{}, fmt.Errorf("reading the document of %s: %w", slug, err)
	}
	c, err := ParseDocument(data)
	if err != nil {
		return Controller{}, fmt.Errorf("%s: %w", slug, err)
	}
	if c.Slug != slug {
		return Controller{}, fmt.Errorf("the document of %s is %s's", slug, c.Slug)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if i, ok := r.bySlug[slug]; ok {
		return r.all[i], nil // read at the same time by another caller
	}
	r.add(c)
	return c, nil
}

// Add keeps an already checked company (in the browser, one whose
// document came with the page).
func (r *Registry) Add(c Controller) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.bySlug[c.Slug]; ok {
		return
	}
	r.add(c)
}

// add inserts c in alphabetical order of name; r.mu is held.
func (r *Registry) add(c Controller) {
	key := strings.ToLower(c.Name)
	i := sort.Search(len(r.all), func(i int) bool { return strings.ToLower(r.all[i].Name) > key })
	r.all = slices.Insert(r.all, i, c)
	for j := i; j < len(r.all); j++ {
		r.bySlug[r.all[j].Slug] = j
	}
	delete(r.failed, c.Slug)
}

// All returns every company the registry holds, in alphabetical order of
// name: on the host, every company.
func (r *Registry) All() []Controller {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.all)
}

// reservedSlugs are first path segments the portal uses itself, so no
// company may have them as its slug.
func reservedSlug(s string) bool {
	switch s {
	case "api", "web", "verify", "my-requests", "privacy", "nb", "da", "en", "well-known", "cdn-cgi", "app", "assets":
		return true
	}
	return false
}

// Validate checks every field of the controller and returns the problems
// found, or none.
func (c Controller) Validate() []problem.FieldError {
	v := &validator{}
	v.check("slug", validSlug(c.Slug), "must be lower-case letters, digits and single hyphens")
	v.check("slug", !reservedSlug(c.Slug), "is reserved by the portal")
	v.check("language", c.Language == "nb" || c.Language == "da" || c.Language == "en", "must be \"nb\", \"da\" or \"en\"")
	v.check("country", c.Country == "NO" || c.Country == "DK", "must be \"NO\" or \"DK\"")
	v.text("name", c.Name)
	v.text("business", c.Business)
	v.check("legal_entities", len(c.LegalEntities) > 0, "missing")
	for i, e := range c.LegalEntities {
		f := index("legal_entities", i)
		v.text(f+".name", e.Name)
		switch {
		case e.OrgNumberUnstated && e.OrgNumber != "":
			v.add(f+".org_number", "must be left out when org_number_unstated is true")
		case !e.OrgNumberUnstated && e.OrgNumber == "":
			v.add(f+".org_number", "missing (set org_number_unstated to true if the statement gives none)")
		case e.OrgNumber != "":
			v.check(f+".org_number", valid.OrgNumber(c.Country, e.OrgNumber), "is not a valid registration number in "+c.Country+" (digits only, check digit must match)")
		}
	}
	v.address("address", c.Address)
	if c.Phone != "" {
		v.check("phone", valid.E164(c.Phone), "must be in E.164 form, such as +4722334455")
	}
	if c.Website != "" {
		v.check("website", valid.Website(c.Website), "must be an https:// address")
	}
	v.email("privacy_email", c.PrivacyEmail)

	v.check("statement.date", validDate(c.Statement.Date), "must be a date in the form YYYY-MM-DD")
	v.text("statement.summary", c.Statement.Summary)

	v.check("data_categories", len(c.DataCategories) > 0, "missing")
	for i, d := range c.DataCategories {
		f := index("data_categories", i)
		v.text(f+".name", d.Name)
		v.list(f+".examples", d.Examples)
		for j, s := range d.Sources {
			v.text(index(f+".sources", j), s)
		}
	}
	v.check("purposes", len(c.Purposes) > 0, "missing")
	for i, p := range c.Purposes {
		f := index("purposes", i)
		v.text(f+".name", p.Name)
		seen := map[string]bool{}
		for j, b := range p.LegalBases {
			v.check(index(f+".legal_bases", j), len(b) == 1 && b >= "a" && b <= "f" && !seen[b], "must be one of the letters a to f of GDPR article 6(1), each once")
			seen[b] = true
		}
		v.check(f+".legitimate_interest", p.LegitimateInterest == "" || seen["f"], "must be left out unless legal_bases has f")
	}
	for i, r := range c.Recipients {
		f := index("recipients", i)
		v.text(f+".name", r.Name)
		v.check(f+".role", r.Role == "" || oneOf(r.Role, RoleProcessor, RoleController, RoleAuthority, RoleGroup), "must be processor, controller, authority or group, or left out when the statement does not say")
	}
	v.notes("transfers.portal_notes", c.Transfers.Notes)
	// Privacy Shield, struck down in 2020, is never repeated as a
	// safeguard without saying so.
	if mentions(c.Transfers.Safeguards+" "+c.Transfers.Description, "privacy shield") {
		v.check("transfers.portal_notes", slices.Contains(c.Transfers.Notes, NotePrivacyShield), "must include \""+NotePrivacyShield+"\": the statement names Privacy Shield, which the CJEU struck down (C-311/18)")
	}
	v.notes("cookies.portal_notes", c.Cookies.Notes)
	// The note cites Norway's ekomloven.
	v.check("cookies.portal_notes", c.Country == "NO" || !slices.Contains(c.Cookies.Notes, NoteImpliedCookieConsent), "\""+NoteImpliedCookieConsent+"\" speaks of Norwegian law, for a company in Norway")
	for i, p := range c.Purposes {
		v.notes(index("purposes", i)+".portal_notes", p.Notes)
	}
	v.check("transfers.outside_eea", oneOf(c.Transfers.OutsideEEA, "", TransfersYes, TransfersMay, TransfersNo), "must be \"yes\", \"may\" or \"no\", or left out when the statement does not say")
	for i, r := range c.Retention {
		f := index("retention", i)
		v.text(f+".data", r.Data)
	}
	seenRight := map[string]bool{}
	for i, r := range c.Rights {
		f := index("rights", i)
		v.check(f+".right", slices.Contains(RightKinds(), r.Kind) && !seenRight[r.Kind], "must be one of "+strings.Join(RightKinds(), ", ")+", each once")
		seenRight[r.Kind] = true
		v.text(f+".text", r.Text)
		for j, l := range r.Limits {
			v.text(index(f+".limits", j), l)
		}
	}
	v.cookies(c)
	v.marketing(c.Marketing)
	// A Danish consent names what will be marketed (see Marketing.Products).
	v.check("marketing.products", c.Country != "DK" || len(c.Marketing.Channels) == 0 || len(c.Marketing.Products) > 0,
		"missing: a Danish consent to marketing must name the groups of goods or services it covers (Forbrugerombudsmanden's guidance, section 3.4)")
	return v.problems
}

type validator struct{ problems []problem.FieldError }

func (v *validator) add(field, what string) {
	v.problems = append(v.problems, problem.FieldError{Field: field, Problem: what})
}

func (v *validator) check(field string, ok bool, what string) {
	if !ok {
		v.add(field, what)
	}
}

func (v *validator) text(field, s string) {
	v.check(field, strings.TrimSpace(s) != "", "missing")
}

func (v *validator) list(field string, items []string) {
	v.check(field, len(items) > 0, "missing")
	for i, s := range items {
		v.text(index(field, i), s)
	}
}

func (v *validator) email(field, s string) {
	if s == "" {
		v.add(field, "missing")
		return
	}
	v.check(field, emailaddr.Valid(s), "is not a valid e-mail address")
}

func (v *validator) address(field string, a Address) {
	v.list(field+".lines", a.Lines)
	v.check(field+".country", a.Country == "NO" || a.Country == "DK", "must be \"NO\" or \"DK\"")
	v.check(field+".postal_code", valid.PostalCode(a.Country, a.PostalCode), "must be a postal code of the country (four digits)")
	v.text(field+".city", a.City)
}

func (v *validator) cookies(c Controller) {
	const f = "cookies"
	k := c.Cookies
	v.text(f+".policy_version", k.PolicyVersion)
	if c.HasOptionalCookies() {
		v.check(f+".consent_days", k.ConsentDays >= 1 && k.ConsentDays <= 365, "must be between 1 and 365 days when optional cookies are used")
	} else {
		v.check(f+".consent_days", k.ConsentDays == 0, "must be left out when no optional cookies are used")
	}
	seen := map[string]bool{}
	for i, cat := range k.Categories {
		cf := index(f+".categories", i)
		v.check(cf+".id", oneOf(cat.ID, CookiesNecessary, CookiesStatistics, CookiesMarketing) && !seen[cat.ID], "must be necessary, statistics or marketing, each once")
		seen[cat.ID] = true
		v.text(cf+".description", cat.Description)
		v.check(cf+".services", len(cat.Services) > 0, "missing")
		for j, s := range cat.Services {
			sf := index(cf+".services", j)
			v.text(sf+".name", s.Name)
			v.text(sf+".purpose", s.Purpose)
			for n, item := range s.Cookies {
				v.text(index(sf+".cookies", n)+".name", item.Name)
			}
			known, isKnown := s.KnownService()
			v.check(sf+".known", s.Known == "" || isKnown, "must name a service the portal knows ("+knownIDs()+")")
			for n, src := range s.Scripts {
				v.check(index(sf+".scripts", n), cat.ID != CookiesNecessary && valid.Website(src), "must be an https:// address, in an optional category")
				// A script the portal loads must come with its facts.
				if k, ok := knownServing(src); ok && (!isKnown || !known.servesFrom(src)) {
					v.add(sf+".known", "must be set to \""+k.ID+"\": the portal loads this service's script from "+k.Name+"'s hosts, and shows what it knows of it")
				}
			}
			for n, o := range s.Connect {
				v.check(index(sf+".connect", n), valid.Origin(o), "must be an https:// origin such as https://*.example.com")
			}
			for n, name := range s.Clears {
				v.check(index(sf+".clears", n), validCookieName(strings.TrimSuffix(name, "*")), "must be a cookie name, optionally ending in *")
			}
		}
	}
}

func (v *validator) marketing(m Marketing) {
	const f = "marketing"
	v.text(f+".policy_version", m.PolicyVersion)
	seen := map[string]bool{}
	for i, ch := range m.Channels {
		cf := index(f+".channels", i)
		v.check(cf+".channel", oneOf(ch.Channel, ChannelEmail, ChannelSMS, ChannelPhone, ChannelPost) && !seen[ch.Channel], "must be email, sms, phone or post, each once")
		seen[ch.Channel] = true
		v.list(cf+".purposes", ch.Purposes)
		for j, p := range ch.Purposes {
			if w, ok := personalWord(p); ok {
				v.add(index(cf+".purposes", j), "must not say "+strconv.Quote(w)+": a purpose is read in the customer's own words (\"Ja, {name} kan sende meg markedsføring på e-post: …\"), so it speaks of neither the customer nor the company as a person")
			}
		}
	}
	for i, p := range m.Products {
		v.text(index(f+".products", i), p)
	}
	for i, t := range m.Tools {
		tf := index(f+".tools", i)
		v.text(tf+".name", t.Name)
		v.text(tf+".purpose", t.Purpose)
	}
}

// personalWords are pronouns that would switch person in a consent
// wording spoken by the customer: "you" would be the customer speaking to
// themselves, "we" and "our" the customer's own, in Norwegian and Danish.
var personalWords = []string{
	"du", "deg", "din", "ditt", "dine", "jeg", "meg", "min", "mitt", "mine",
	"vi", "oss", "vår", "vårt", "våre", "dig", "dit", "mig", "vores", "os",
}

// personalWord returns the first such pronoun in s, if any.
func personalWord(s string) (string, bool) {
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r)
	}) {
		if slices.Contains(personalWords, w) {
			return w, true
		}
	}
	return "", false
}

func index(field string, i int) string {
	return field + "[" + strconv.Itoa(i) + "]"
}

func oneOf(s string, options ...string) bool {
	return slices.Contains(options, s)
}

func validSlug(s string) bool {
	if s == "" || len(s) > 40 || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// validCookieName reports whether s is a cookie name token (RFC 6265).
func validCookieName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("()<>@,;:\\\"/[]?={}", c) >= 0 {
			return false
		}
	}
	return true
}

// knownIDs lists the ids of the known services, for a message.
func knownIDs() string {
	ids := make([]string, 0, len(knownServices))
	for _, k := range knownServices {
		ids = append(ids, k.ID)
	}
	return strings.Join(ids, ", ")
}

// knownServing returns the first known service whose hosts serve address.
func knownServing(address string) (KnownService, bool) {
	for _, k := range knownServices {
		if k.servesFrom(address) {
			return k, true
		}
	}
	return KnownService{}, false
}

// notes checks a list of the portal's notes.
func (v *validator) notes(field string, notes []string) {
	for i, n := range notes {
		v.check(index(field, i), slices.Contains(Notes(), n), "must be one of "+strings.Join(Notes(), ", "))
	}
}

// mentions reports whether text mentions a phrase, case aside.
func mentions(text, phrase string) bool {
	return strings.Contains(strings.ToLower(text), phrase)
}

// IsUnknown reports whether err is Load's answer for a slug that is no
// company's, as opposed to a document that could not be read (which may
// succeed when tried again).
func IsUnknown(err error) bool {
	return err != nil && problem.Code(err) == problem.CodeUnknownController
}
