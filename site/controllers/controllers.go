// Package controllers holds the portal's controller files, one JSON file per
// company, embedded so that the WebAssembly app, the static site generator
// and the Worker are built from the same files. Adding a company means adding
// a file here; see the README for the format.
package controllers

import (
	"embed"
	"io/fs"

	"privacyportal/app/company"
)

// Dir is the folder of the controller files, relative to the repository
// root, for error messages.
const Dir = "site/controllers"

//go:embed *.json
var files embed.FS

// FS returns the embedded controller files.
func FS() fs.FS { return files }

//go:generate go run ./compile -dir . -out compiled.go

// Registry returns the companies of the controller files as compile made
// them into Go values (compiled.go): already checked, so the Worker and
// the browser app start without parsing or checking anything.
func Registry() *company.Registry { return company.NewRegistry(compiled) }
