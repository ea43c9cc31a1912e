// Package operator holds the portal operator's file, operator.json: who
// runs the portal and the choices of theirs its own privacy notice states
// (company.Operator). It is embedded, so that the static site generator,
// the browser app and the Worker are built from the same file: the notice
// says how long a delivered request is kept, and the Worker erases it
// after exactly that long.
//
// The file in the repository holds placeholders; fill it in before
// deploying (README, "Deploy to Cloudflare"). `make deploy` refuses it
// until then.
package operator

import (
	_ "embed"

	"privacyportal/app/company"
)

// File is the file's path from the repository root, for error messages.
const File = "site/operator/operator.json"

//go:embed operator.json
var data []byte

// Load reads and checks the operator's file.
func Load() (company.Operator, error) { return company.ParseOperator(File, data) }

// Must is Load for programs built after the checks have passed (the site
// generator and TestOperatorFile read the same bytes first): the browser
// app and the Worker. A file that does not load stops the program at
// start, not at the first page that needs it.
func Must() company.Operator {
	o, err := Load()
	if err != nil {
		panic(err)
	}
	return o
}
