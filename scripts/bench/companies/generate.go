package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"privacyportal/app/company"
	"privacyportal/site/provenance"
)

// A seed is one of the companies the generated ones are made from.
type seed struct {
	c         company.Controller
	statement string
	rules     *rules
	off       []bool // rules left out for this seed (rules.freeze)
}

// generator makes companies from its seeds.
type generator struct {
	from  string // the seeds' folder
	seeds []*seed
}

// load reads the seeds of dir: every *.json, in the order of the file
// names, with its statement in sources/. Each must pass the checks the
// generated companies must pass.
func load(dir string) (*generator, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, errors.New(dir + ": no seed companies (*.json)")
	}
	slices.Sort(names)
	g := &generator{from: dir}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		c, err := company.Parse(name, data)
		if err != nil {
			return nil, err
		}
		statement, err := os.ReadFile(filepath.Join(dir, "sources", c.Slug+".txt"))
		if err != nil {
			return nil, err
		}
		if err := provenance.Verify(name, c, string(statement)); err != nil {
			return nil, fmt.Errorf("seed %w", err)
		}
		// What Normalize drops would split a word for the rules but not
		// for the check, so it goes first.
		c = rewriteValue(reflect.ValueOf(c), stripInvisible).Interface().(company.Controller)
		s := &seed{c: c, statement: stripInvisible(string(statement))}
		s.rules = newRules(seedRules(c))
		s.off = s.rules.freeze(quotations(c, s.statement))
		g.seeds = append(g.seeds, s)
	}
	return g, nil
}

// profile is what company n is made of besides its seed.
type profile struct {
	n         int    // 0 for the first company
	ordinal   int    // among the companies in the same language
	brand     string // "Askstad"
	group     string // the brand of a company the seed names beside its own: "Askstadgruppen"
	person    [2]string
	street    string
	houseNo   int
	boxNo     int
	town      [2]string // postal code and town
	phoneTail string    // seven digits
}

// profile returns the profile of company n.
func (g *generator) profile(n int) profile {
	s := g.seeds[n%len(g.seeds)]
	lang := string(s.c.Language)
	// The companies before n in s's language: whole rounds of the seeds,
	// then the seeds before s in this round.
	per, before := 0, 0
	for j, t := range g.seeds {
		if string(t.c.Language) == lang {
			per++
			if j < n%len(g.seeds) {
				before++
			}
		}
	}
	ord := n/len(g.seeds)*per + before
	p := profile{n: n, ordinal: ord, brand: brandName(lang, ord)}
	p.group = p.brand + "gruppen"
	first, last := pick(firstNames, lang, ord*7), pick(lastNames, lang, ord*3+ord/20)
	p.person = [2]string{first, last}
	country := s.c.Country
	p.street = pickCountry(streets, country, ord*5+ord/16)
	p.houseNo = 1 + (n*13)%120
	p.boxNo = 10 + (n*37)%890
	towns := towns[country]
	if len(towns) == 0 {
		towns = [][2]string{{s.c.Address.PostalCode, s.c.Address.City}}
	}
	p.town = towns[(ord*7+ord/len(towns))%len(towns)]
	p.phoneTail = fmt.Sprintf("%07d", (n*7919+1234567)%10_000_000)
	return p
}

func pick(lists map[string][]string, lang string, i int) string {
	l := lists[lang]
	if len(l) == 0 {
		l = lists["nb"]
	}
	return l[i%len(l)]
}

func pickCountry(lists map[string][]string, country string, i int) string {
	l := lists[country]
	if len(l) == 0 {
		l = lists["NO"]
	}
	return l[i%len(l)]
}

// brandName returns the ordinal-th company name of a language: all the
// pairs of a first and last part, in an order that changes both parts from
// one company to the next, then the same with " 2", " 3" and so on.
func brandName(lang string, ordinal int) string {
	pre, suf := namePrefixes[lang], nameSuffixes[lang]
	if len(pre) == 0 {
		pre, suf = namePrefixes["nb"], nameSuffixes["nb"]
	}
	total := len(pre) * len(suf)
	// 1001 = 7·11·13 has no factor in common with 1200 or 600, so this
	// visits every pair once per round.
	m := ordinal % total * 1001 % total
	name := pre[m/len(suf)] + suf[m%len(suf)]
	if round := ordinal / total; round > 0 {
		name += " " + strconv.Itoa(round+1)
	}
	return name
}

// domainLabel writes a name as a domain label: lower case ASCII, æ ø å
// written ae o aa, no spaces.
func domainLabel(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-':
			b.WriteRune(r)
		case r == 'æ':
			b.WriteString("ae")
		case r == 'ø' || r == 'ö':
			b.WriteString("o")
		case r == 'å':
			b.WriteString("aa")
		case r == 'é' || r == 'è':
			b.WriteString("e")
		case r == 'ü':
			b.WriteString("u")
		}
	}
	return strings.Trim(b.String(), "-")
}

// exampleDomain is the company's domain for a label of the seed's.
func exampleDomain(name string) string { return domainLabel(name) + ".example" }

// orgNumber returns the k-th registration number of company n in a
// country: a Norwegian organisasjonsnummer (nine digits, modulus 11) or a
// Danish CVR number (eight digits, modulus 11), each company's its own up
// to 2,000,000 and 900,000 of them respectively.
func orgNumber(country string, n, k int) string {
	x := (n*4 + k) * 7919
	switch country {
	case "DK":
		x = (x + 12345) % 900_000
		prefix := fmt.Sprintf("%d%05d", 1+x/100_000, x%100_000)
		weights := []int{2, 7, 6, 5, 4, 3, 2, 1}
		for t := 0; t < 10; t++ {
			digits := prefix + strconv.Itoa(t)
			sum := 0
			for i := range 7 {
				sum += int(digits[i]-'0') * weights[i]
			}
			if d := (11 - sum%11) % 11; d < 10 {
				return digits + strconv.Itoa(d)
			}
		}
	default:
		x = (x + 31337) % 2_000_000
		prefix := fmt.Sprintf("%d%06d", 8+x/1_000_000, x%1_000_000)
		weights := []int{3, 2, 7, 6, 5, 4, 3, 2}
		for t := 0; t < 10; t++ {
			digits := prefix + strconv.Itoa(t)
			sum := 0
			for i, w := range weights {
				sum += int(digits[i]-'0') * w
			}
			check := 11 - sum%11
			if check == 11 {
				check = 0
			}
			if check < 10 {
				return digits + strconv.Itoa(check)
			}
		}
	}
	panic("unreachable: one of ten digits gives a valid check digit")
}

// Case styles of a word in the text.
type style uint8

const (
	asIs style = iota
	lower
	upper
	title
)

func styleOf(s string) style {
	switch {
	case s == strings.ToUpper(s) && s != strings.ToLower(s):
		return upper
	case s == strings.ToLower(s):
		return lower
	case s == titleCase(s):
		return title
	}
	return asIs
}

func (st style) apply(s string) string {
	switch st {
	case lower:
		return strings.ToLower(s)
	case upper:
		return strings.ToUpper(s)
	case title:
		return titleCase(s)
	}
	return s
}

// titleCase writes the first letter in capitals and the rest in small
// letters.
func titleCase(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + strings.ToLower(s[n:])
}

// forms returns the ways a name or word is written: as given, in capitals,
// in small letters and with a capital first.
func forms(s string) []string {
	out := []string{s}
	for _, f := range []string{strings.ToUpper(s), strings.ToLower(s), titleCase(s)} {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// choose returns the alternative of a word (0 keeps it) company n takes.
func choose(n int, word string, options int) int {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d/%s", n, word)
	return int(h.Sum64() % uint64(options))
}

// seedRules returns the rules that make a company of seed c: its own
// names, addresses and numbers first, then the words of its language.
func seedRules(c company.Controller) []rule {
	var list []rule
	add := func(lit string, kind ruleKind, repl func(p *profile) string) {
		if lit = strings.Join(strings.Fields(lit), " "); lit == "" {
			return
		}
		list = append(list, rule{lit: lit, kind: kind, repl: repl})
	}
	// The company's domains (its inbox's, its site's), each to one of
	// name.example, and the name of any other company the seed's domains
	// name (Carglass's inbox is at Hurtigruta).
	brandLabel := domainLabel(c.Name)
	domainOf := map[string]bool{}
	if _, d, ok := strings.Cut(c.PrivacyEmail, "@"); ok {
		domainOf[strings.ToLower(d)] = true
	}
	if host, ok := strings.CutPrefix(c.Website, "https://"); ok {
		host, _, _ = strings.Cut(host, "/")
		domainOf[strings.TrimPrefix(strings.ToLower(host), "www.")] = true
	}
	domains := slices.Sorted(maps.Keys(domainOf))
	own := func(d string) bool {
		label := d
		if i := strings.LastIndexByte(d, '.'); i > 0 {
			label = d[:i]
		}
		return brandLabel != "" && strings.Contains(label, brandLabel)
	}
	newDomain := func(d string) func(p *profile) string {
		if own(d) {
			return func(p *profile) string { return exampleDomain(p.brand) }
		}
		return func(p *profile) string { return exampleDomain(p.group) }
	}

	// The privacy inbox, a person's name included.
	if local, d, ok := strings.Cut(c.PrivacyEmail, "@"); ok {
		parts := strings.Split(local, ".")
		person := !slices.Contains(genericMailboxes, strings.ToLower(local))
		add(c.PrivacyEmail, ident, func(p *profile) string {
			l := local
			if person {
				names := []string{p.person[0], p.person[1]}
				var out []string
				for i := range parts {
					out = append(out, domainLabel(names[min(i, 1)]))
				}
				l = strings.Join(out, ".")
			}
			return l + "@" + newDomain(strings.ToLower(d))(p)
		})
		if person {
			for i, part := range parts {
				if part == "" {
					continue
				}
				i := min(i, 1)
				add(titleCase(part), ident, func(p *profile) string { return p.person[i] })
			}
		}
	}
	for _, d := range domains {
		add(d, ident, newDomain(d))
	}

	// The company's name and its legal entities' (which hold it).
	for _, f := range forms(c.Name) {
		st := styleOf(f)
		add(f, ident, func(p *profile) string { return st.apply(p.brand) })
	}
	for _, d := range domains {
		if own(d) {
			continue
		}
		label := d
		if i := strings.IndexByte(d, '.'); i > 0 {
			label = d[:i]
		}
		for _, f := range forms(label) {
			st := styleOf(f)
			add(f, ident, func(p *profile) string { return st.apply(p.group) })
		}
	}

	// The address.
	for _, line := range c.Address.Lines {
		if strings.HasPrefix(line, "Postboks") || strings.HasPrefix(line, "Boks") {
			add(line, ident, func(p *profile) string { return "Postboks " + strconv.Itoa(p.boxNo) })
		} else {
			add(line, ident, func(p *profile) string { return p.street + " " + strconv.Itoa(p.houseNo) })
		}
	}
	add(c.Address.PostalCode, ident, func(p *profile) string { return p.town[0] })
	add(c.Address.City, ident, func(p *profile) string { return p.town[1] })

	// Numbers: the phone's, with and without the country code, and the
	// registration numbers.
	if national, cc := nationalNumber(c.Phone); national != "" {
		list = append(list,
			rule{lit: national, digits: true, kind: ident, repl: func(p *profile) string { return national[:1] + p.phoneTail }},
			rule{lit: cc + national, digits: true, kind: ident, repl: func(p *profile) string { return cc + national[:1] + p.phoneTail }})
	}
	for k, e := range c.LegalEntities {
		if e.OrgNumber != "" {
			country := c.Country
			list = append(list, rule{lit: e.OrgNumber, digits: true, kind: ident, repl: func(p *profile) string { return orgNumber(country, p.n, k) }})
		}
	}

	// The words of the statement's language.
	for _, entry := range synonyms[string(c.Language)] {
		word := entry[0]
		for _, f := range forms(word) {
			st := styleOf(f)
			add(f, prose, func(p *profile) string {
				return st.apply(entry[choose(p.n, word, len(entry))])
			})
		}
	}
	return list
}

// nationalNumber splits a Norwegian or Danish E.164 number into its eight
// digits and country code.
func nationalNumber(e164 string) (national, cc string) {
	for _, cc := range []string{"47", "45"} {
		if rest, ok := strings.CutPrefix(e164, "+"+cc); ok && len(rest) == 8 {
			return rest, cc
		}
	}
	return "", ""
}

var citesType = reflect.TypeFor[company.Cites]()

// rewritten are the fields in the portal's form (provenance:"code") that
// hold the company's own names and numbers, and so change with it.
var rewritten = []string{"phone", "website", "privacy_email", "org_number"}

// jsonName returns a field's name in the file.
func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}

// rewriteValue returns a copy of v with every text of the company's
// rewritten by f: every field but the portal's own set-up and the
// portal's codes (a role, a legal basis's letter), and every citation.
// Nothing of v is changed.
func rewriteValue(v reflect.Value, f func(string) string) reflect.Value {
	switch v.Kind() {
	case reflect.String:
		return reflect.ValueOf(f(v.String())).Convert(v.Type())
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			out.Index(i).Set(rewriteValue(v.Index(i), f))
		}
		return out
	case reflect.Struct:
		out := reflect.New(v.Type()).Elem()
		out.Set(v)
		t := v.Type()
		for i := range t.NumField() {
			sf := t.Field(i)
			tag := sf.Tag.Get("provenance")
			name := jsonName(sf)
			switch {
			case !sf.IsExported() || name == "" || name == "-":
			case tag == "portal":
			case tag == "code" && !slices.Contains(rewritten, name):
			case sf.Type == citesType:
				cites := v.Field(i).Interface().(company.Cites)
				if cites == nil {
					continue
				}
				nc := make(company.Cites, len(cites))
				for k, quotes := range cites {
					nq := make([]string, len(quotes))
					for j, q := range quotes {
						nq[j] = f(q)
					}
					nc[k] = nq
				}
				out.Field(i).Set(reflect.ValueOf(nc))
			default:
				out.Field(i).Set(rewriteValue(v.Field(i), f))
			}
		}
		return out
	}
	return v
}

// quotations lists the lookups the provenance check makes in c: each
// citation in the statement, and each passage of a field shown as the
// company's words in the statement and in the field's own citations.
// Texts shown as the portal's summary are listed with the statement
// too: they need not be in it, but where they are, they stay.
func quotations(c company.Controller, statement string) []quote {
	var out []quote
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Slice:
			if v.Type().Elem().Kind() == reflect.Struct {
				for i := range v.Len() {
					walk(v.Index(i))
				}
			}
			return
		case reflect.Struct:
		default:
			return
		}
		t := v.Type()
		var cites company.Cites
		var summarized company.Summaries
		for i := range t.NumField() {
			if !t.Field(i).IsExported() {
				continue
			}
			switch x := v.Field(i).Interface().(type) {
			case company.Cites:
				cites = x
			case company.Summaries:
				summarized = x
			}
		}
		for _, key := range slices.Sorted(maps.Keys(cites)) {
			for _, q := range cites[key] {
				out = append(out, quote{q, []string{statement}})
			}
		}
		for i := range t.NumField() {
			sf := t.Field(i)
			name, tag := jsonName(sf), sf.Tag.Get("provenance")
			if !sf.IsExported() || name == "" || name == "-" || tag == "portal" || tag == "code" || sf.Type == citesType {
				continue
			}
			fv := v.Field(i)
			var texts []string
			switch {
			case fv.Kind() == reflect.String:
				texts = []string{fv.String()}
			case fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.String:
				for j := range fv.Len() {
					texts = append(texts, fv.Index(j).String())
				}
			default:
				walk(fv)
				continue
			}
			own := quotesFor(cites, name)
			for _, text := range texts {
				for _, passage := range strings.Split(text, company.Ellipsis) {
					out = append(out, quote{passage, []string{statement}})
					if !summarized.Has(name) && len(own) > 0 {
						out = append(out, quote{passage, own})
					}
				}
			}
		}
	}
	walk(reflect.ValueOf(c))
	return out
}

// quotesFor lists the citations of a field, in the order of their keys.
func quotesFor(cites company.Cites, name string) []string {
	var out []string
	for _, key := range slices.Sorted(maps.Keys(cites)) {
		for _, n := range strings.Split(key, ",") {
			if strings.TrimSpace(n) == name {
				out = append(out, cites[key]...)
			}
		}
	}
	return out
}

// company returns company n: its slug, its file and its statement.
func (g *generator) company(n int) (slug string, file []byte, statement string, err error) {
	s := g.seeds[n%len(g.seeds)]
	p := g.profile(n)
	repl := make([]string, len(s.rules.list))
	for i, r := range s.rules.list {
		if !s.off[i] {
			repl[i] = r.repl(&p)
		}
	}
	// A sentence is cited by several fields, and cited as often as it is
	// shown: each is rewritten once.
	done := map[string]string{}
	f := func(text string) string {
		out, ok := done[text]
		if !ok {
			out = s.rules.rewrite(text, s.off, repl)
			done[text] = out
		}
		return out
	}
	c := rewriteValue(reflect.ValueOf(s.c), f).Interface().(company.Controller)
	c.Slug = s.c.Slug + "-" + strconv.Itoa(n+1)
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(c); err != nil {
		return "", nil, "", err
	}
	return c.Slug, b.Bytes(), f(s.statement), nil
}

// check parses a generated company and checks it against its statement,
// as the site generator will.
func check(slug string, file []byte, statement string) error {
	c, err := company.Parse(slug+".json", file)
	if err != nil {
		return err
	}
	return provenance.Verify(slug+".json", c, statement)
}

type stats struct{ jsonBytes, textBytes int64 }

// write writes companies 0 to n-1 into dir, on every CPU, checking the
// first verify of them (all if it is negative).
func (g *generator) write(dir string, n, verify int) (stats, error) {
	if same, err := sameDir(dir, g.from); err != nil || same {
		return stats{}, cmpOr(err, errors.New(dir+" is the folder of the seeds: writing there would remove them"))
	}
	if err := os.MkdirAll(filepath.Join(dir, "sources"), 0o755); err != nil {
		return stats{}, err
	}
	for _, pattern := range []string{"*.json", filepath.Join("sources", "*.txt")} {
		old, _ := filepath.Glob(filepath.Join(dir, pattern))
		for _, f := range old {
			if err := os.Remove(f); err != nil {
				return stats{}, err
			}
		}
	}
	errs := make([]error, n)
	sizes := make([]stats, n)
	var next sync.Mutex
	i := 0
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for {
				next.Lock()
				k := i
				i++
				next.Unlock()
				if k >= n {
					return
				}
				sizes[k], errs[k] = g.writeOne(dir, k, verify < 0 || k < verify)
			}
		})
	}
	wg.Wait()
	var total stats
	for k := range n {
		if errs[k] != nil {
			return total, fmt.Errorf("company %d: %w", k+1, errs[k])
		}
		total.jsonBytes += sizes[k].jsonBytes
		total.textBytes += sizes[k].textBytes
	}
	return total, nil
}

func (g *generator) writeOne(dir string, n int, verify bool) (stats, error) {
	slug, file, statement, err := g.company(n)
	if err != nil {
		return stats{}, err
	}
	if verify {
		if err := check(slug, file, statement); err != nil {
			return stats{}, err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, slug+".json"), file, 0o644); err != nil {
		return stats{}, err
	}
	if err := os.WriteFile(filepath.Join(dir, "sources", slug+".txt"), []byte(statement), 0o644); err != nil {
		return stats{}, err
	}
	return stats{int64(len(file)), int64(len(statement))}, nil
}

// sameDir reports whether a and b are one folder; a need not exist.
func sameDir(a, b string) (bool, error) {
	ia, err := os.Stat(a)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	ib, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(ia, ib), nil
}

func cmpOr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}
