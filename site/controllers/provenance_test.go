package controllers

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"privacyportal/app/company"
	"privacyportal/site/controllers/sources"
	"privacyportal/site/provenance"
)

// Every fact on a company's pages rests on a sentence of its own statement:
// each citation in its file is found in the statement kept beside it, and
// no field with content goes without one.
func TestProvenance(t *testing.T) {
	reg, err := company.Load(FS(), Dir)
	if err != nil {
		t.Fatal(err)
	}
	var slugs []string
	for _, c := range reg.All() {
		slugs = append(slugs, c.Slug)
		t.Run(c.Slug, func(t *testing.T) {
			statement, err := sources.Text(c.Slug)
			if err != nil {
				t.Fatalf("no statement for %s: %v", c.Slug, err)
			}
			for _, p := range provenance.Check(c, provenance.NewSource(statement)) {
				t.Errorf("%s: %s", p.Field, p.Problem)
			}
		})
	}
	// A statement kept without a company, or a company without one, is a
	// mistake either way.
	slices.Sort(slugs)
	if diff := cmp.Diff(sources.Slugs(), slugs); diff != "" {
		t.Errorf("statements and companies differ (-statements +companies):\n%s", diff)
	}
}
