// Package problem is how the portal refuses: one error type, whose code the
// API maps to one HTTP status, for everything a customer, a company or a
// marketer can do something about; the fields at fault in a form, with the
// limits they broke; and the message for each in every interface language.
// Every workflow (requests, cookie choices, marketing consent, exports)
// reports its refusals through it, so they read alike everywhere.
package problem
