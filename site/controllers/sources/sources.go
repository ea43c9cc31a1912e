// Package sources holds each company's privacy statement word for word, as
// the company published it (site/controllers/sources/{slug}.txt), so that
// every fact in its controller file can be checked against the sentence it
// cites (site/provenance). Only the site generator and the tests read them;
// neither the browser app nor the Worker embeds them.
package sources

import (
	"embed"
	"io/fs"
)

//go:embed *.txt
var files embed.FS

// Text returns the statement of the company with the given slug.
func Text(slug string) (string, error) {
	b, err := fs.ReadFile(files, slug+".txt")
	return string(b), err
}

// Slugs lists the companies whose statements are here.
func Slugs() []string {
	names, _ := fs.Glob(files, "*.txt")
	for i, n := range names {
		names[i] = n[:len(n)-len(".txt")]
	}
	return names
}
