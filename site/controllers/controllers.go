// Package controllers holds the portal's controller files, one JSON file per
// company, and embeds them for the tests. The site generator reads the
// folder itself (its -controllers flag) and writes each company as a
// document the Worker and the browser app read at run time
// (company.Document): neither WebAssembly module imports this package, so
// adding or changing a company changes neither. See the README's "Adding a
// company".
package controllers

import (
	"embed"
	"io/fs"
)

// Dir is the folder of the controller files, relative to the repository
// root, for error messages.
const Dir = "site/controllers"

//go:embed *.json
var files embed.FS

// FS returns the embedded controller files.
func FS() fs.FS { return files }
