package company

import (
	"encoding/json"
	"errors"
	"reflect"

	"privacyportal/app/i18n"
)

// Companies are data, not code: neither WebAssembly module carries any
// company. The site generator writes each company as one document,
// web/company/{slug}.json, and the list of companies as
// web/companies.json (see Documents). The Worker reads a company's
// document from its static assets on first use in an isolate; a
// prerendered page carries its own company's document, and the browser
// app fetches any other it navigates to. Adding or correcting a company
// is a data change: no module's bytes change with it.
//
// A document is JSON: the company as checked at build time, without the
// citations, which only the checks read. Decoding one takes WebAssembly a
// few milliseconds (BenchmarkParseDocument, `make bench`); the 140 ms that
// once made the portal compile its companies in were for parsing every
// company, with its citations, at each start.

// DocumentPath is the address of a company's document under the site's
// root, and IndexPath that of the list of companies.
func DocumentPath(slug string) string { return "/web/company/" + slug + ".json" }

// IndexPath is the address of the list of companies (Entries).
const IndexPath = "/web/companies.json"

// Document returns a company's document: c without its citations, as JSON.
func Document(c Controller) ([]byte, error) {
	return marshal(WithoutCites(c))
}

// ParseDocument reads a company's document. It checks only that it is one:
// the company was checked when the document was written, and the document
// is deployed with the code that reads it.
func ParseDocument(data []byte) (Controller, error) {
	var c Controller
	if err := json.Unmarshal(data, &c); err != nil {
		return Controller{}, errors.New("company document: " + err.Error())
	}
	if !validSlug(c.Slug) {
		return Controller{}, errors.New("company document: no valid slug")
	}
	return c, nil
}

// Entry is one company in the list of companies: what the portal's front
// page shows of it and what an address needs (its slug and language),
// without the rest of its document.
type Entry struct {
	Slug     string    `json:"slug"`
	Name     string    `json:"name"`
	Language i18n.Lang `json:"language"`
	Country  string    `json:"country"`
	// Business is the company's own words, or the portal's summary of
	// them when Summarized.
	Business   string `json:"business"`
	Summarized bool   `json:"summarized,omitempty"`
	City       string `json:"city"`
}

// EntryOf returns a company's entry in the list of companies.
func EntryOf(c Controller) Entry {
	return Entry{Slug: c.Slug, Name: c.Name, Language: c.Language, Country: c.Country,
		Business: c.Business, Summarized: c.Summarized.Has("business"), City: c.Address.City}
}

// Index returns the list of companies as JSON, in the registry's order.
func Index(list []Controller) ([]byte, error) {
	entries := make([]Entry, len(list))
	for i, c := range list {
		entries[i] = EntryOf(c)
	}
	return marshal(entries)
}

// ParseIndex reads the list of companies.
func ParseIndex(data []byte) ([]Entry, error) {
	var entries []Entry
	if err := json.Unmarshal(data, &entries); err != nil {
		return nil, errors.New("list of companies: " + err.Error())
	}
	return entries, nil
}

// marshal is json.Marshal, whose escaping of <, > and & as \u003c and
// so on also keeps a document safe inside a data block of an HTML page
// (<script type="application/json">), where "</script" or "<!--" would
// otherwise end or change the block.
func marshal(v any) ([]byte, error) { return json.Marshal(v) }

// WithoutCites returns a copy of c with every Cite field, at any depth,
// left empty.
func WithoutCites(c Controller) Controller {
	v := reflect.ValueOf(&c).Elem()
	clearCites(v)
	return c
}

var citesType = reflect.TypeFor[Cites]()

func clearCites(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			if f.Type() == citesType {
				f.Set(reflect.Zero(citesType))
				continue
			}
			clearCites(f)
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() != reflect.Struct {
			return
		}
		// A copy, so the caller's own slices stay as they were.
		cp := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(cp, v)
		for i := 0; i < cp.Len(); i++ {
			clearCites(cp.Index(i))
		}
		v.Set(cp)
	}
}
