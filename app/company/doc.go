// Package company is the companies whose customers use the portal
// (controllers, in GDPR terms) and the operator who runs it: the schema of a
// company's data file, its privacy statement with the citations that tie
// each field to the company's own text, the loader that refuses a file that
// is not valid, the supervisory authority of each country and the catalogue
// of known cookie services. The browser app, the static site generator and
// the Worker read companies through this package alone.
package company
