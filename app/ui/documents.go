package ui

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"privacyportal/app/company"
)

// DocumentElementID is the id of the data block in which a prerendered
// page that runs the app carries its company's document
// (<script type="application/json">), so that the app shows the page
// without a request of its own.
const DocumentElementID = "company-doc"

// PageDocument returns the company whose document the page carries, if it
// carries one.
func PageDocument() (company.Controller, bool) {
	el := app.Window().GetElementByID(DocumentElementID)
	if !el.Truthy() {
		return company.Controller{}, false
	}
	c, err := company.ParseDocument([]byte(el.Get("textContent").String()))
	if err != nil {
		app.Log(err)
		return company.Controller{}, false
	}
	return c, true
}

// ReadIndex fetches the list of companies from the site, for the front
// page when the app navigates to it.
func ReadIndex(context.Context) ([]byte, error) {
	res, err := fetchJSON("GET", company.IndexPath, nil)
	if err != nil {
		return nil, err
	}
	if res.Status != 200 {
		return nil, fmt.Errorf("%s: answered %d", company.IndexPath, res.Status)
	}
	return res.Body, nil
}

// ReadDocument fetches a company's document from the site, for the
// browser's registry (company.OnDemand): a page that shows other
// companies than its own (the sent requests) reads theirs when it needs
// them.
func ReadDocument(_ context.Context, slug string) ([]byte, error) {
	p := company.DocumentPath(slug)
	res, err := fetchJSON("GET", p, nil)
	if err != nil {
		return nil, err
	}
	switch res.Status {
	case 200:
		return res.Body, nil
	case 404:
		return nil, fmt.Errorf("%s: %w", p, fs.ErrNotExist)
	}
	return nil, fmt.Errorf("%s: answered %d", p, res.Status)
}
