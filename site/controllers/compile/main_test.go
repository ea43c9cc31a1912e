package main

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"privacyportal/app/company"
	"privacyportal/site/controllers"
)

// compiled.go is what compile makes of the controller files as they are:
// a file changed without `go generate ./site/controllers` (make build runs
// it) would give the Worker and the browser app other companies than the
// site shows.
func TestCompiledIsCurrent(t *testing.T) {
	want, err := source(os.DirFS(".."), "site/controllers")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../compiled.go")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("site/controllers/compiled.go is out of date: run go generate ./site/controllers\n%s", cmp.Diff(string(want), string(got)))
	}
}

// The compiled registry is the loaded one without its citations.
func TestCompiledMatchesTheFiles(t *testing.T) {
	loaded, err := controllersLoad()
	if err != nil {
		t.Fatal(err)
	}
	compiled := controllers.Registry().All()
	if len(loaded) != len(compiled) {
		t.Fatalf("%d companies compiled, %d in the files", len(compiled), len(loaded))
	}
	for i := range loaded {
		if diff := cmp.Diff(withoutCites(loaded[i]), compiled[i]); diff != "" {
			t.Errorf("%s (-files +compiled):\n%s", loaded[i].Slug, diff)
		}
	}
}

func controllersLoad() ([]company.Controller, error) {
	reg, err := company.Load(controllers.FS(), controllers.Dir)
	if err != nil {
		return nil, err
	}
	return reg.All(), nil
}
