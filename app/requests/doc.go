// Package requests is a data-subject request as the customer files it and
// as the company receives it: the form and its rules (one set for the
// browser app and the Worker), the request types and the articles they rest
// on, the deadlines, the signed request.json the company gets, and the copy
// of the request written out for the reader of an e-mail (the company's
// privacy contact, or the customer in their receipt), which the verify page
// writes again from request.json and compares with the e-mail's text, since
// the signature covers the attachment and not the text a person reads.
package requests
