package ui

import (
	"sort"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"privacyportal/app/calendar"
	"privacyportal/app/company"
	"privacyportal/app/i18n"
)

// sentRequestsKey is where the browser keeps the customer's own list of requests
// (localStorage). The list never leaves the browser: the portal keeps no
// account and no list of who asked what.
const sentRequestsKey = "privacy-portal.requests"

// SentRequest is one request in the customer's list.
type SentRequest struct {
	ID         string `json:"id"`
	Reference  string `json:"reference"`
	Controller string `json:"controller"`
	Type       string `json:"type"`
	Submitted  string `json:"submitted"` // YYYY-MM-DD
	Due        string `json:"due"`       // YYYY-MM-DD, moved if the company extends
	Latest     string `json:"latest"`
	Status     string `json:"status"`
}

func loadSentRequests(ctx app.Context) []SentRequest {
	var items []SentRequest
	if err := ctx.LocalStorage().Get(sentRequestsKey, &items); err != nil {
		return nil
	}
	return items
}

// saveSentRequest adds or replaces an item, newest first.
func saveSentRequest(ctx app.Context, item SentRequest) {
	items := loadSentRequests(ctx)
	kept := []SentRequest{item}
	for _, it := range items {
		if it.ID != item.ID {
			kept = append(kept, it)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].Submitted > kept[j].Submitted })
	ctx.LocalStorage().Set(sentRequestsKey, kept)
}

func forgetSentRequest(ctx app.Context, id string) {
	kept := []SentRequest{}
	for _, it := range loadSentRequests(ctx) {
		if it.ID != id {
			kept = append(kept, it)
		}
	}
	ctx.LocalStorage().Set(sentRequestsKey, kept)
}

// complainLink is a ready e-mail to the supervisory authority about a
// request the company has not answered in time.
func complainLink(c company.Controller, l i18n.Lang, it SentRequest) string {
	r := i18n.Requests(l)
	sub, _ := calendar.ParseDate(it.Submitted)
	due, _ := calendar.ParseDate(it.Due)
	subject := i18n.Fill(r.ComplainSubject, "name", c.Name, "reference", it.Reference)
	body := i18n.Fill(r.ComplainBody, "name", c.Name, "reference", it.Reference,
		"submitted", i18n.FormatDate(l, sub.Time()), "due", i18n.FormatDate(l, due.Time()))
	return "mailto:" + c.Authority().Email + "?subject=" + mailtoEscape(subject) + "&body=" + mailtoEscape(body)
}

// mailtoEscape percent-encodes a mailto header value (RFC 6068).
func mailtoEscape(s string) string {
	const hex = "0123456789ABCDEF"
	var out []byte
	for _, b := range []byte(s) {
		if b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '.' || b == '_' || b == '~' {
			out = append(out, b)
			continue
		}
		out = append(out, '%', hex[b>>4], hex[b&15])
	}
	return string(out)
}
