package api

import (
	"net/http"

	"privacyportal/functions/exports"
	"privacyportal/functions/requests"
)

// addRoutes is the API surface: every endpoint the Worker answers. The
// README documents each.
func addRoutes(mux *http.ServeMux, d Deps) {
	mux.Handle("GET /api/health", handleHealth(d.DB, d.Backlog, d.now, d.Log))

	// Data-subject requests: filed by customers, confirmed by e-mail,
	// then handled (or extended) by the company through signed links.
	mux.Handle("POST /api/{slug}/requests", handleSubmit(d))
	mux.Handle("GET /api/requests/{id}", handleStatus(d))
	mux.Handle("GET /api/requests/{id}/confirm", handleConfirmPage(d))
	mux.Handle("POST /api/requests/{id}/confirm", handleConfirm(d))
	mux.Handle("GET /api/requests/{id}/handled", handleCompanyPage(d, requests.ActionHandled))
	mux.Handle("POST /api/requests/{id}/handled", handleCompanyAction(d, requests.ActionHandled))
	mux.Handle("GET /api/requests/{id}/extend", handleCompanyPage(d, requests.ActionExtend))
	mux.Handle("POST /api/requests/{id}/extend", handleCompanyAction(d, requests.ActionExtend))

	// Cookie consent: each choice recorded as proof, and its receipt.
	mux.Handle("POST /api/{slug}/consent/cookies", handleCookieChoice(d))
	mux.Handle("GET /api/{slug}/consent/cookies/receipt", handleCookieReceipt(d))

	// Marketing consent: opt in per channel, confirm by e-mail (double
	// opt-in), see and withdraw from the link in every e-mail.
	mux.Handle("POST /api/{slug}/marketing", handleMarketingOptIn(d))
	mux.Handle("GET /api/marketing/confirm", handleMarketingConfirmPage(d))
	mux.Handle("POST /api/marketing/confirm", handleMarketingConfirm(d))
	mux.Handle("GET /api/marketing/manage", handleMarketingManage(d))
	mux.Handle("POST /api/marketing/manage", handleMarketingManage(d))

	// Exports for a company's marketers, with its bearer token.
	mux.Handle("GET /api/{slug}/exports/marketing", handleMarketingExport(d, ""))
	mux.Handle("GET /api/{slug}/exports/suppression", handleMarketingExport(d, exports.ViewSuppression))
	mux.Handle("GET /api/{slug}/exports/cookies", handleCookieExport(d))
	mux.Handle("GET /api/{slug}/exports/summary", handleExportSummary(d))

	// A mail service's signed reports of messages it accepted and could
	// not deliver after all (Mailgun's event webhooks).
	mux.Handle("POST /api/mail/events/mailgun", handleMailgunEvents(d))

	mux.Handle("GET /.well-known/privacy-portal/keys.json", handleKeys(d.Keys))
	mux.Handle("/api/", handleNotFound(d))
}
