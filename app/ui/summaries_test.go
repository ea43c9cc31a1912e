package ui

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"privacyportal/app/company"
	"privacyportal/app/i18n"
)

// shownText is one text of a company's file as a page shows it, and
// whether the file marks it as the portal's summary.
type shownText struct {
	path, text string
	summary    bool
}

// companyTexts walks a controller's objects and lists the text of every
// field shown on its statement page: each list of phrases joined as the
// page joins it, each limit of a right on its own.
func companyTexts(v reflect.Value, path string, out *[]shownText) {
	switch v.Kind() {
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Struct {
			for i := 0; i < v.Len(); i++ {
				companyTexts(v.Index(i), path+"["+strconv.Itoa(i)+"]", out)
			}
		}
		return
	case reflect.Struct:
	default:
		return
	}
	var sum company.Summaries
	if f := v.FieldByName("Summarized"); f.IsValid() {
		sum = f.Interface().(company.Summaries)
	}
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Tag.Get("provenance") != "" || name == "cite" || name == "summarized" || name == "business" {
			continue
		}
		fv := v.Field(i)
		switch {
		case fv.Kind() == reflect.String && fv.String() != "":
			*out = append(*out, shownText{path + "." + name, fv.String(), sum.Has(name)})
		case fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.String && fv.Len() > 0:
			items := fv.Interface().([]string)
			if name == "limits" {
				for _, it := range items {
					*out = append(*out, shownText{path + "." + name, it, sum.Has(name)})
				}
			} else {
				*out = append(*out, shownText{path + "." + name, joinList(items), sum.Has(name)})
			}
		default:
			companyTexts(fv, path+"."+name, out)
		}
	}
}

// Every text a statement page shows from the company's file is either the
// company's words, unmarked, or the portal's summary, marked as such: for
// every company's every field in every language. (The provenance check
// holds the unmarked ones to the statement word for word.)
func TestSummariesAreMarkedQuotationsAreNot(t *testing.T) {
	for _, c := range seedControllers(t) {
		var texts []shownText
		companyTexts(reflect.ValueOf(c), "", &texts)
		for _, l := range i18n.All() {
			mark := "(" + i18n.Pages(l).Summary + ")"
			s := &Statement{Site: NewSite(company.NewRegistry([]company.Controller{c})), Controller: c, Loc: Location{Page: PageStatement, Lang: l, Slug: c.Slug}}
			page := strings.Join(strings.Fields(text(s.Render())), " ")
			marked := 0
			for _, st := range texts {
				want := strings.Join(strings.Fields(st.text), " ")
				if !strings.Contains(page, want) {
					continue // a field another page shows (the banner's, the form's)
				}
				all, withMark := strings.Count(page, want), strings.Count(page, want+" "+mark)
				switch {
				case st.summary && withMark == 0:
					t.Errorf("%s %s: %s, the portal's summary, is shown without its mark", c.Slug, l, st.path)
				case !st.summary && all == withMark:
					t.Errorf("%s %s: %s, the company's words, is shown marked as the portal's summary", c.Slug, l, st.path)
				}
				if st.summary {
					marked++
				}
			}
			if marked == 0 && hasSummaries(texts) {
				t.Errorf("%s %s: no summary is marked", c.Slug, l)
			}
			home := strings.Join(strings.Fields(text((&Home{Site: NewSite(company.NewRegistry([]company.Controller{c})), Loc: Location{Page: PageHome, Lang: l}}).Render())), " ")
			if got := strings.Contains(home, c.Business+" "+mark); got != c.Summarized.Has("business") {
				t.Errorf("%s %s: the front page marks the business as a summary: %v", c.Slug, l, got)
			}
		}
	}
}

func hasSummaries(texts []shownText) bool {
	for _, st := range texts {
		if st.summary {
			return true
		}
	}
	return false
}
