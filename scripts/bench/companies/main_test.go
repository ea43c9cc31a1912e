package main

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"privacyportal/app/company"
	"privacyportal/app/emailaddr"
	"privacyportal/app/valid"
	"privacyportal/site/provenance"
)

// seeds is site/controllers, from this folder.
const seeds = "../../../site/controllers"

func loadSeeds(t testing.TB) *generator {
	t.Helper()
	g, err := load(seeds)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// generated writes n companies into a new folder and returns it.
func generated(t *testing.T, g *generator, n int) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := g.write(dir, n, 0); err != nil {
		t.Fatal(err)
	}
	return dir
}

// files reads the files matching pattern in dir, in the order of their
// names.
func files(t *testing.T, dir, pattern string) [][]byte {
	list, _ := filesNamed(t, dir, pattern)
	return list
}

// filesNamed is files with the slugs the files are named for.
func filesNamed(t *testing.T, dir, pattern string) ([][]byte, []string) {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, pattern))
	if err != nil {
		t.Fatal(err)
	}
	var slugs []string
	for _, n := range names {
		slugs = append(slugs, strings.TrimSuffix(filepath.Base(n), filepath.Ext(n)))
	}
	var out [][]byte
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out, slugs
}

func gzipSize(t *testing.T, b []byte) int {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Len()
}

// compression returns the gzip size of the files one after the other
// over the sum of their gzip sizes one by one: 1 when they share nothing,
// near 1/k for k copies of one file.
func compression(t *testing.T, list [][]byte) float64 {
	t.Helper()
	sum := 0
	for _, b := range list {
		sum += gzipSize(t, b)
	}
	return float64(gzipSize(t, bytes.Join(list, nil))) / float64(sum)
}

// The companies written load as the site loads them, each checked
// against its own statement, each with its own slug, name, inbox,
// numbers and address, none a copy of its seed's.
func TestSixtyCompanies(t *testing.T) {
	g := loadSeeds(t)
	const n = 60
	dir := generated(t, g, n) // checks none itself: the test does
	reg, err := company.Load(os.DirFS(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(reg.All()); got != n {
		t.Fatalf("loaded %d companies, want %d", got, n)
	}

	var wantSlugs []string
	for i := range n {
		wantSlugs = append(wantSlugs, g.seeds[i%len(g.seeds)].c.Slug+"-"+strconv.Itoa(i+1))
	}
	slices.Sort(wantSlugs)
	var slugs []string
	seen := map[string]map[string]string{} // what → value → slug
	distinct := func(slug, what, value string) {
		if seen[what] == nil {
			seen[what] = map[string]string{}
		}
		if other, ok := seen[what][value]; ok {
			t.Errorf("%s and %s have the same %s %q", other, slug, what, value)
		}
		seen[what][value] = slug
	}
	for _, c := range reg.All() {
		slugs = append(slugs, c.Slug)
		statement, err := os.ReadFile(filepath.Join(dir, "sources", c.Slug+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		if err := provenance.Verify(filepath.Join(dir, c.Slug+".json"), c, string(statement)); err != nil {
			t.Error(err)
		}
		if !emailaddr.Valid(c.PrivacyEmail) || !strings.HasSuffix(c.PrivacyEmail, ".example") {
			t.Errorf("%s: privacy_email %q, want a valid address at a .example domain", c.Slug, c.PrivacyEmail)
		}
		if c.Website != "" && !strings.HasSuffix(c.Website, ".example") {
			t.Errorf("%s: website %q, want a .example domain", c.Slug, c.Website)
		}
		distinct(c.Slug, "name", c.Name)
		distinct(c.Slug, "privacy_email", c.PrivacyEmail)
		distinct(c.Slug, "address", strings.Join(c.Address.Lines, ", ")+", "+c.Address.PostalCode+" "+c.Address.City)
		if c.Phone != "" {
			distinct(c.Slug, "phone", c.Phone)
		}
		for _, e := range c.LegalEntities {
			distinct(c.Slug, "legal entity", e.Name)
			if e.OrgNumber != "" {
				distinct(c.Slug, "org_number", e.OrgNumber)
				if !valid.OrgNumber(c.Country, e.OrgNumber) {
					t.Errorf("%s: org_number %s is not valid in %s", c.Slug, e.OrgNumber, c.Country)
				}
			}
		}
		// Nothing of the seed's own identity is left.
		s := seedOf(g, c.Slug)
		for _, old := range []string{s.c.Name, s.c.PrivacyEmail, s.c.Address.Lines[0]} {
			if containsWord(string(statement), old) {
				t.Errorf("%s: the statement still says %q, its seed's", c.Slug, old)
			}
		}
		if national, _ := nationalNumber(s.c.Phone); national != "" && c.Phone == s.c.Phone {
			t.Errorf("%s: phone %s is its seed's", c.Slug, c.Phone)
		}
	}
	slices.Sort(slugs)
	if diff := cmp.Diff(wantSlugs, slugs); diff != "" {
		t.Errorf("slugs (-want +got):\n%s", diff)
	}

	jsons, jsonSlugs := filesNamed(t, dir, "*.json")
	statements, statementSlugs := filesNamed(t, filepath.Join(dir, "sources"), "*.txt")
	for what, list := range map[string][][]byte{"files": jsons, "statements": statements} {
		for i := range list {
			for j := range i {
				if bytes.Equal(list[i], list[j]) {
					t.Errorf("two %s are the same (%d and %d in the order of slugs)", what, j, i)
				}
			}
		}
	}

	// How much the files share, by gzip (32 KB window). Two measures:
	//
	// together: the files one after the other, in the order of their
	// names (the twelve of each seed together), over the sum of each's
	// gzip size, as asked. Measured with the five seeds of December 2026:
	// 0.85 for the JSON files and 0.68 for the statements. It cannot
	// tell near-copies: a JSON file is some 50 KB, more than the window,
	// so gzip no longer sees the last copy by the time the next one
	// comes; the same 60 files with only their slugs changed give 0.80
	// (statements 0.56). The bound is the 0.40 asked for.
	//
	// aligned: the same, with each file cut into eight equal parts and
	// each seed's companies' first parts one after the other, then their
	// second parts, and so on: what one company shares with the others
	// of its seed is then within the window. Measured: 0.36 for the JSON
	// files and 0.28 for the statements, where the slug-only copies give
	// 0.15 and 0.11 and the five seeds themselves (five companies with
	// nothing in common but the schema and the language) 0.92 and 0.95.
	// About a fifth of the words of a statement differ between two
	// companies of one seed; the rest is the seed's. The bounds, 0.30
	// and 0.22, stay clear of the copies' figures and leave room for
	// the seeds and word lists to change.
	groups := func(list [][]byte, slugs []string) [][][]byte {
		var out [][][]byte
		for i, b := range list {
			if i == 0 || seedOf(g, slugs[i]) != seedOf(g, slugs[i-1]) {
				out = append(out, nil)
			}
			out[len(out)-1] = append(out[len(out)-1], b)
		}
		return out
	}
	for _, tt := range []struct {
		what     string
		list     [][]byte
		slugs    []string
		together float64
		aligned  float64
	}{
		{"JSON files", jsons, jsonSlugs, 0.40, 0.30},
		{"statements", statements, statementSlugs, 0.40, 0.22},
	} {
		together, aligned := compression(t, tt.list), alignedCompression(t, groups(tt.list, tt.slugs), 8)
		t.Logf("%s: gzip of all %d together is %.3f of the sum of each's, aligned %.3f", tt.what, len(tt.list), together, aligned)
		if together < tt.together || aligned < tt.aligned {
			t.Errorf("%s compress together to %.3f and aligned to %.3f of their sizes apart, want at least %.2f and %.2f: they are near-copies",
				tt.what, together, aligned, tt.together, tt.aligned)
		}
	}
}

// alignedCompression is compression with each file cut into parts equal
// parts, the first parts of each group's files one after the other, then
// the second parts, and so on.
func alignedCompression(t *testing.T, groups [][][]byte, parts int) float64 {
	t.Helper()
	sum := 0
	var stream []byte
	for _, group := range groups {
		for _, b := range group {
			sum += gzipSize(t, b)
		}
		for k := range parts {
			for _, b := range group {
				stream = append(stream, b[len(b)*k/parts:len(b)*(k+1)/parts]...)
			}
		}
	}
	return float64(gzipSize(t, stream)) / float64(sum)
}

// containsWord reports whether s holds w as whole words ("Werksta" is not
// in "Werkstad").
func containsWord(s, w string) bool {
	for from := 0; ; {
		i := strings.Index(s[from:], w)
		if i < 0 {
			return false
		}
		i += from
		if (i == 0 || boundaryBefore(s, i)) && boundary(s, i+len(w)) {
			return true
		}
		from = i + 1
	}
}

func boundaryBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !isWord(r)
}

func seedOf(g *generator, slug string) *seed {
	for _, s := range g.seeds {
		if rest, ok := strings.CutPrefix(slug, s.c.Slug+"-"); ok {
			if _, err := strconv.Atoi(rest); err == nil {
				return s
			}
		}
	}
	return nil
}

// The same flags write the same bytes, on any number of CPUs.
func TestDeterministic(t *testing.T) {
	g := loadSeeds(t)
	a, b := generated(t, g, 12), generated(t, loadSeeds(t), 12)
	for _, pattern := range []string{"*.json", "sources/*.txt"} {
		if !slices.EqualFunc(files(t, a, pattern), files(t, b, pattern), bytes.Equal) {
			t.Errorf("%s differ between two runs", pattern)
		}
	}
	// A shorter run writes the first companies of a longer one.
	c := generated(t, g, 7)
	for _, name := range []string{"car-room-1.json", "westrum-5.json", "sources/car-room-6.txt"} {
		x, _ := os.ReadFile(filepath.Join(a, name))
		y, _ := os.ReadFile(filepath.Join(c, name))
		if len(x) == 0 || !bytes.Equal(x, y) {
			t.Errorf("%s differs between -n 12 and -n 7", name)
		}
	}
}

// Writing again into a folder removes what is there.
func TestWriteReplaces(t *testing.T) {
	g := loadSeeds(t)
	dir := generated(t, g, 8)
	if _, err := g.write(dir, 3, 3); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, pattern := range []string{"*.json", "sources/*.txt"} {
		names, _ := filepath.Glob(filepath.Join(dir, pattern))
		for _, n := range names {
			got = append(got, filepath.ToSlash(strings.TrimPrefix(n, dir+string(filepath.Separator))))
		}
	}
	want := []string{"car-room-1.json", "carglass-2.json", "cars-3.json",
		"sources/car-room-1.txt", "sources/carglass-2.txt", "sources/cars-3.txt"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
}

// testRules are rules with fixed replacements.
func testRules(list ...rule) (*rules, []string) {
	rs := newRules(list)
	repl := make([]string, len(rs.list))
	for i, r := range rs.list {
		repl[i] = r.repl(&profile{})
	}
	return rs, repl
}

func to(s string) func(*profile) string { return func(*profile) string { return s } }

func TestRewrite(t *testing.T) {
	rs, repl := testRules(
		rule{lit: "Westrum", kind: ident, repl: to("Askstad")},
		rule{lit: "westrum.no", kind: ident, repl: to("askstad.example")},
		rule{lit: "Postboks 71", kind: ident, repl: to("Postboks 158")},
		rule{lit: "95496000", digits: true, kind: ident, repl: to("91266243")},
		rule{lit: "navn", kind: prose, repl: to("fullt navn")},
		rule{lit: "Navn", kind: prose, repl: to("Fullt navn")},
		rule{lit: "cookies", kind: prose, repl: to("informasjonskapsler")},
		rule{lit: "personopplysninger", kind: prose, repl: to("persondata")},
		rule{lit: "personopplysninger om", kind: prose, repl: to("data om")},
	)
	off := make([]bool, len(rs.list))
	tests := []struct{ in, want string }{
		{"Westrum AS og Westrum Karosseri AS", "Askstad AS og Askstad Karosseri AS"},
		{"Westrums verksted, WestrumAS", "Westrums verksted, WestrumAS"},                       // whole words only
		{"Navn og navn, navnet og etternavn", "Fullt navn og fullt navn, navnet og etternavn"}, // case as written
		{"Postboks\n71 2320 Furnes", "Postboks 158 2320 Furnes"},                               // any white space
		{"Postboks 712", "Postboks 712"},
		{"Telefon: 95 49 60 00.", "Telefon: 91 26 62 43."}, // the text's grouping kept
		{"+47 954 96 000 og 95496000", "+47 912 66 243 og 91266243"},
		{"954960001", "954960001"},
		{"e-post: post@westrum.no, www.westrum.no/cookies", "e-post: post@askstad.example, www.askstad.example/cookies"}, // no words of the language in addresses
		{"https://www.facebook.com/policies/cookies/ om cookies", "https://www.facebook.com/policies/cookies/ om informasjonskapsler"},
		{"personopplysninger om deg, personopplysninger", "data om deg, persondata"}, // the longest match
		{"", ""},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, rs.rewrite(tt.in, off, repl)); diff != "" {
			t.Errorf("rewrite(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

// A rule is left out for a seed where a quotation would lose its place in
// the statement, and only there.
func TestFreeze(t *testing.T) {
	rs, _ := testRules(
		rule{lit: "navnet", kind: prose, repl: to("fullt navn")},
		rule{lit: "kunde", kind: prose, repl: to("klient")},
		rule{lit: "Postboks 71", kind: ident, repl: to("Postboks 158")},
		rule{lit: "lagrer", kind: prose, repl: to("oppbevarer")},
	)
	const statement = "Vi lagrer navnet ditt når du er kunde. Kundenummer og kundeforhold. Postboks 71 2320 Furnes."
	tests := []struct {
		name   string
		quotes []quote
		want   []string
	}{
		{"whole sentences", []quote{{"Vi lagrer navnet ditt når du er kunde.", []string{statement}}}, nil},
		{"a word cut short", []quote{{"Vi lagrer navn", []string{statement}}}, []string{"navnet"}},
		{"a word cut into", []quote{{"agrer navnet", []string{statement}}}, []string{"lagrer"}},
		{"a phrase cut", []quote{{"Postboks", []string{statement}}}, []string{"Postboks 71"}},
		{"found whole once", []quote{{"kunde", []string{statement}}}, nil}, // also inside "Kundenummer": the check needs it once
		{"in its own citations", []quote{{"kunde. Kundenummer", []string{"når du er kunde.", "Kundenummer og"}}}, nil},
		{"none", nil, nil},
	}
	for _, tt := range tests {
		off := rs.freeze(tt.quotes)
		var got []string
		for i, r := range rs.list {
			if off[i] {
				got = append(got, r.lit)
			}
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: rules off (-want +got):\n%s", tt.name, diff)
		}
	}
}

// Registration numbers pass the registers' check digits and are each
// company's own.
func TestOrgNumbers(t *testing.T) {
	for _, country := range []string{"NO", "DK"} {
		seen := map[string]bool{}
		for n := range 20_000 {
			for k := range 2 {
				num := orgNumber(country, n, k)
				if !valid.OrgNumber(country, num) {
					t.Fatalf("orgNumber(%s, %d, %d) = %s, not valid", country, n, k, num)
				}
				if seen[num] {
					t.Fatalf("orgNumber(%s, %d, %d) = %s, given before", country, n, k, num)
				}
				seen[num] = true
			}
		}
	}
}

// Company names and their domains are never made twice, across the two
// languages too, and the domains are valid.
func TestBrandNames(t *testing.T) {
	seen := map[string]string{}
	for _, lang := range []string{"nb", "da"} {
		for ord := range 3000 {
			name := brandName(lang, ord)
			d := exampleDomain(name)
			if !emailaddr.ValidDomain(d) || !emailaddr.ValidDomain(exampleDomain(name+"gruppen")) {
				t.Fatalf("%s: domain %s is not valid", name, d)
			}
			if other, ok := seen[d]; ok {
				t.Fatalf("%s and %s have the same domain %s", other, name, d)
			}
			seen[d] = name
		}
	}
	got := []string{brandName("nb", 0), brandName("nb", 1), brandName("da", 0), brandName("nb", 1200)}
	if diff := cmp.Diff([]string{"Askstad", "Almgard", "Bøgegaard", "Askstad 2"}, got); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
}

// No word a company may use instead of the statement's is a pronoun of
// the person, which a marketing purpose may not hold.
func TestSynonymsHaveNoPronouns(t *testing.T) {
	personal := []string{"du", "deg", "din", "ditt", "dine", "jeg", "meg", "min", "mitt", "mine",
		"vi", "oss", "vår", "vårt", "våre", "dig", "dit", "mig", "vores", "os"}
	for lang, entries := range synonyms {
		words := map[string]bool{}
		for _, e := range entries {
			if words[e[0]] {
				t.Errorf("%s: %q listed twice", lang, e[0])
			}
			words[e[0]] = true
			if len(e) < 2 {
				t.Errorf("%s: %q has no alternative", lang, e[0])
			}
			for _, alt := range e[1:] {
				for _, w := range strings.Fields(alt) {
					if slices.Contains(personal, strings.ToLower(w)) {
						t.Errorf("%s: %q → %q says %q", lang, e[0], alt, w)
					}
				}
			}
		}
	}
}

func BenchmarkCompany(b *testing.B) {
	g := loadSeeds(b)
	n := 0
	for b.Loop() {
		if _, _, _, err := g.company(n); err != nil {
			b.Fatal(err)
		}
		n++
	}
}

// The seeds' own folder is never written to: the files there would go.
func TestWriteRefusesTheSeeds(t *testing.T) {
	g := loadSeeds(t)
	if _, err := g.write(seeds, 1, 1); err == nil {
		t.Fatal("write into the seeds' folder succeeded")
	}
	if _, err := os.Stat(filepath.Join(seeds, "car-room-1.json")); err == nil {
		t.Error("car-room-1.json written into the seeds' folder")
	}
}
