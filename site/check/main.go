// Command check validates controller files without building the site:
//
//	go run ./site/check site/controllers/werksta.json
//
// With no arguments it checks every file in site/controllers. Each file is
// checked as the loader does, and each fact's citation against the
// company's statement in site/controllers/sources/{slug}.txt beside it
// (site/provenance). It prints each file's problems, naming the field, and
// exits non-zero if there were any.
package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"privacyportal/app/company"
	"privacyportal/site/provenance"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	files := args
	if len(files) == 0 {
		var err error
		if files, err = filepath.Glob("site/controllers/*.json"); err != nil {
			return err
		}
	}
	failed := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		c, err := company.Parse(f, data)
		if err != nil {
			fmt.Fprintln(stdout, err)
			failed++
			continue
		}
		statement, _ := os.ReadFile(filepath.Join(filepath.Dir(f), "sources", c.Slug+".txt"))
		if err := provenance.Verify(f, c, string(statement)); err != nil {
			fmt.Fprintln(stdout, err)
			failed++
			continue
		}
		fmt.Fprintln(stdout, f+": ok")
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d files have problems", failed, len(files))
	}
	return nil
}
