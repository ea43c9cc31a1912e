// Package provenance checks that a controller file states only what the
// company's own privacy statement says.
//
// Every object in a controller file carries a "cite" entry naming, for each
// field with content, the sentences of the statement it rests on, quoted
// word for word (see company.Cites). Check walks the whole file and reports
// a field with content but no citation, a citation of a field that does not
// exist, and a quotation the statement does not contain. Fields tagged
// provenance:"portal" are the portal's own set-up and need none. The site
// generator refuses to build a company whose file fails, and the tests run
// it over every company.
package provenance

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"privacyportal/app/company"
	"privacyportal/app/problem"
)

// MinQuote is the shortest quotation accepted, in characters once white
// space is normalized: a word or two would be found anywhere in a
// statement and prove nothing.
const MinQuote = 12

// Source is a company's statement, normalized once so that many quotations
// can be looked up in it.
type Source struct{ text string }

// NewSource prepares the text of a statement for Check.
func NewSource(text string) Source { return Source{Normalize(text)} }

// Contains reports whether the statement contains quote, white space aside.
func (s Source) Contains(quote string) bool {
	q := Normalize(quote)
	return q != "" && strings.Contains(s.text, q)
}

// Normalize makes text comparable across the ways a statement reaches the
// repository (copied from a web page or a PDF): soft hyphens and
// zero-width characters removed, every run of white space (line breaks,
// non-breaking spaces included) one space, none at the ends. (The five
// statements are in Unicode NFC, as Go source is, so composed letters
// compare as they are.)
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\u00ad' || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff':
			continue
		case unicode.IsSpace(r):
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// Check reports every problem with the provenance of c's facts, given the
// text of c's statement. Each problem names the field by its path in the
// file, as the loader's errors do.
func Check(c company.Controller, source Source) []problem.FieldError {
	w := walker{source: source}
	w.object("", reflect.ValueOf(c))
	return w.problems
}

type walker struct {
	source   Source
	problems []problem.FieldError
}

func (w *walker) add(field, what string) {
	w.problems = append(w.problems, problem.FieldError{Field: field, Problem: what})
}

var citesType = reflect.TypeFor[company.Cites]()

// field is one field of an object, as the file names it.
type field struct {
	name   string
	index  int
	portal bool
	// code is a fact in the portal's form (provenance:"code"): cited, but
	// not a quotation.
	code bool
}

// fields lists an object type's JSON fields, apart from its citations.
func fields(t reflect.Type) (list []field, citeIndex int) {
	citeIndex = -1
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || name == "" {
			continue
		}
		if f.Type == citesType {
			citeIndex = i
			continue
		}
		tag := f.Tag.Get("provenance")
		list = append(list, field{name, i, tag == "portal", tag == "code"})
	}
	return list, citeIndex
}

// object checks one object of the file: each field either is an object (or
// a list of objects) with citations of its own, or has content that its
// object's citations account for.
func (w *walker) object(path string, v reflect.Value) {
	t := v.Type()
	list, citeIndex := fields(t)
	if citeIndex < 0 {
		// A new kind of object must say where its facts come from before a
		// file can use it.
		w.add(path, "the type "+t.Name()+" has no cite field: every fact must be able to cite its source")
		return
	}
	cites := v.Field(citeIndex).Interface().(company.Cites)
	cited := map[string]bool{}
	for key, quotes := range cites {
		for _, name := range strings.Split(key, ",") {
			name = strings.TrimSpace(name)
			i := slices.IndexFunc(list, func(f field) bool { return f.name == name })
			switch {
			case i < 0:
				w.add(join(path, "cite."+key), strconv.Quote(name)+" is not a field here")
				continue
			case list[i].portal:
				w.add(join(path, "cite."+key), strconv.Quote(name)+" is the portal's own set-up and cites nothing")
				continue
			case ownCitations(t.Field(list[i].index).Type):
				w.add(join(path, "cite."+key), strconv.Quote(name)+" holds objects that cite their own sources")
				continue
			}
			cited[name] = true
		}
		if len(quotes) == 0 {
			w.add(join(path, "cite."+key), "quotes nothing")
		}
		for n, q := range quotes {
			qf := join(path, "cite."+key) + "[" + strconv.Itoa(n) + "]"
			switch {
			case len([]rune(Normalize(q))) < MinQuote:
				w.add(qf, "is too short to show where the fact comes from (at least "+strconv.Itoa(MinQuote)+" characters)")
			case !w.source.Contains(q):
				w.add(qf, "is not in the company's statement: "+strconv.Quote(q))
			}
		}
	}
	var summarized company.Summaries
	if sf := v.FieldByName("Summarized"); sf.IsValid() {
		summarized = sf.Interface().(company.Summaries)
	}
	for n, name := range summarized {
		i := slices.IndexFunc(list, func(f field) bool { return f.name == name })
		if i < 0 || list[i].portal || list[i].code || !isText(t.Field(list[i].index).Type) || v.Field(list[i].index).IsZero() {
			w.add(join(path, "summarized")+"["+strconv.Itoa(n)+"]", strconv.Quote(name)+" is not a field with the company's text here")
		}
	}
	for _, f := range list {
		fv := v.Field(f.index)
		fpath := join(path, f.name)
		if f.portal {
			continue
		}
		if ownCitations(fv.Type()) {
			w.nested(fpath, fv)
			continue
		}
		if !fv.IsZero() && !cited[f.name] {
			w.add(fpath, "states something but cites no sentence of the company's statement")
		}
		if fv.IsZero() || f.code || summarized.Has(f.name) || !cited[f.name] {
			continue // nothing shown, not a quotation, or reported above
		}
		// Shown as the company's words: it must be them, taken from the
		// sentences the field cites.
		own := quotesFor(cites, f.name)
		switch fv.Kind() {
		case reflect.String:
			w.quotation(fpath, fv.String(), own)
		case reflect.Slice:
			if fv.Type().Elem().Kind() == reflect.String {
				for i := 0; i < fv.Len(); i++ {
					w.quotation(fpath+"["+strconv.Itoa(i)+"]", fv.Index(i).String(), own)
				}
			}
		}
	}
}

// quotation checks a field shown as the company's words: each of its
// passages (apart in the statement, joined by company.Ellipsis) is in the
// statement word for word, white space aside. A field that is not must be
// listed in its object's "summarized", and is then shown as the portal's.
func (w *walker) quotation(path, text string, cited []string) {
	for _, passage := range strings.Split(text, company.Ellipsis) {
		if !w.source.Contains(passage) {
			w.add(path, "is shown as the company's words but is not in its statement word for word (quote it, or list the field in \"summarized\"): "+strconv.Quote(passage))
			return
		}
		// A passage found elsewhere in the statement, outside what the
		// field cites (one quotation, or the quotations in their order),
		// could be a word or two that proves nothing.
		if p := Normalize(passage); !strings.Contains(Normalize(strings.Join(cited, " ")), p) &&
			!slices.ContainsFunc(cited, func(q string) bool { return strings.Contains(Normalize(q), p) }) {
			w.add(path, "is shown as the company's words but is not in the sentences it cites: "+strconv.Quote(passage))
			return
		}
	}
}

// quotesFor lists the quotations an object's citations give for a field.
func quotesFor(cites company.Cites, name string) []string {
	var out []string
	for key, quotes := range cites {
		for _, n := range strings.Split(key, ",") {
			if strings.TrimSpace(n) == name {
				out = append(out, quotes...)
			}
		}
	}
	return out
}

// isText reports whether a field holds text: a string or a list of them.
func isText(t reflect.Type) bool {
	return t.Kind() == reflect.String || t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String
}

// nested checks an object, or each object of a list.
func (w *walker) nested(path string, v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		w.object(path, v)
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			w.object(path+"["+strconv.Itoa(i)+"]", v.Index(i))
		}
	}
}

// ownCitations reports whether a field holds objects rather than a value:
// such objects cite for themselves.
func ownCitations(t reflect.Type) bool {
	if t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	return t.Kind() == reflect.Struct
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// Verify checks c against its statement and returns every problem as one
// error naming file, or nil.
func Verify(file string, c company.Controller, statement string) error {
	if strings.TrimSpace(statement) == "" {
		return &problem.FileError{File: file, Problems: []problem.FieldError{{Problem: "the company's statement is missing (site/controllers/sources/" + c.Slug + ".txt)"}}}
	}
	if problems := Check(c, NewSource(statement)); len(problems) > 0 {
		return &problem.FileError{File: file, Problems: problems}
	}
	return nil
}
