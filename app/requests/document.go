package requests

import (
	"bytes"
	"encoding/json"
	"errors"

	"privacyportal/app/company"
	"privacyportal/app/i18n"
)

// DocumentSchema names the version of the request document. A change that
// a reader could trip over (a field renamed, removed or given another
// meaning) gets a new version; new optional fields do not.
const DocumentSchema = "privacy-portal/request/v1"

// Document is request.json: the confirmed request as the company's privacy
// contact receives it, signed over its exact bytes with the portal's key.
// The README documents every field. Times are RFC 3339 in UTC; dates are
// YYYY-MM-DD as counted in Norway and Denmark.
type Document struct {
	Schema      string         `json:"schema"`
	ID          string         `json:"id"`
	Reference   string         `json:"reference"`
	Controller  DocController  `json:"controller"`
	Type        string         `json:"type"`
	Article     string         `json:"gdpr_article,omitempty"`
	Requester   DocRequester   `json:"requester"`
	Identifiers DocIdentifiers `json:"identifiers"`
	Details     *DocDetails    `json:"details,omitempty"`
	Text        string         `json:"text,omitempty"`
	Language    i18n.Lang      `json:"language"`
	SubmittedAt string         `json:"submitted_at"`
	ConfirmedAt string         `json:"confirmed_at"`
	DueBy       string         `json:"due_by"`
	LatestDueBy string         `json:"latest_due_by"`
	Portal      string         `json:"portal"`
	KeyID       string         `json:"key_id"`
}

// DocController names the company the request is addressed to.
type DocController struct {
	Slug         string `json:"slug"`
	Name         string `json:"name"`
	PrivacyEmail string `json:"privacy_email"`
}

// DocRequester is the person making the request, as they gave themselves;
// the e-mail address is confirmed, the rest is not checked.
type DocRequester struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone,omitempty"`
}

// DocIdentifiers help the company find the requester's data.
type DocIdentifiers struct {
	RegistrationNumber string `json:"registration_number,omitempty"`
	VIN                string `json:"vin,omitempty"`
	CustomerNumber     string `json:"customer_number,omitempty"`
}

// DocDetails are the fields that belong to one request type.
type DocDetails struct {
	Wrong          string `json:"wrong,omitempty"`           // rectification
	Correct        string `json:"correct,omitempty"`         // rectification
	Format         string `json:"format,omitempty"`          // portability
	ObjectionScope string `json:"objection_scope,omitempty"` // objection
}

// NewDocument builds the document of a validated form. Times and key are
// filled in by the caller.
func NewDocument(c company.Controller, f Form) Document {
	d := Document{
		Schema:     DocumentSchema,
		Controller: DocController{Slug: c.Slug, Name: c.Name, PrivacyEmail: c.PrivacyEmail},
		Type:       f.Type,
		Article:    Article(f.Type),
		Requester:  DocRequester{Name: f.Name, Email: f.Email, Phone: f.Phone},
		Identifiers: DocIdentifiers{
			RegistrationNumber: f.RegNumber, VIN: f.VIN, CustomerNumber: f.CustomerNumber,
		},
		Text:     f.Text,
		Language: f.Language,
	}
	if det := (DocDetails{f.Wrong, f.Correct, f.Format, f.ObjectionScope}); det != (DocDetails{}) {
		d.Details = &det
	}
	return d
}

// Marshal writes the document as indented JSON with a final newline, the
// exact bytes that are signed. HTML characters are not escaped, so a privacy
// contact reading the file sees "<" where the customer wrote "<".
func (d Document) Marshal() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// ParseDocument reads a request document, refusing one of another schema.
func ParseDocument(data []byte) (Document, error) {
	var d Document
	if err := json.Unmarshal(data, &d); err != nil {
		return Document{}, errors.New("request.json is not a valid request document: " + err.Error())
	}
	if d.Schema != DocumentSchema {
		return Document{}, errors.New("request.json has an unknown schema: " + d.Schema)
	}
	return d, nil
}
