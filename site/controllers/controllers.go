// Package controllers holds the portal's controller files, one JSON file per
// company, embedded so that the WebAssembly app, the static site generator
// and the Worker are built from the same files. Adding a company means adding
// a file here; see the README for the format.
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
