package api

import (
	"context"
	"errors"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"time"

	"privacyportal/app/calendar"
	"privacyportal/app/company"
	appmarketingconsent "privacyportal/app/marketingconsent"
	"privacyportal/app/problem"
	"privacyportal/functions/exports"
)

// exportPage is how many rows are read from D1 at a time: the export is
// written while it is read, so memory holds one page whatever the total.
// Each query costs D1 about 4 ms besides its rows (under wrangler dev), so
// pages larger than a thousand rows save time, and take memory: an export
// of 100,000 rows took 2.0 s in pages of 1,000 (Go's memory 9 MiB), 1.6 s
// in pages of 2,500 (13 MiB), 1.3 s in pages of 5,000 (23 MiB).
const exportPage = 2500

// exportFirstPage is the size of the first page, which is read before the
// answer starts (so that a database failure is an error answer): smaller,
// for a sooner first byte.
const exportFirstPage = 1000

// exportAuth checks the bearer token of an export of scope at company
// slug against its record, read afresh (a revocation or an expiry holds at
// once): 401 without a token or with one that does not work (unknown,
// malformed, revoked, expired), 403 with a working token of another company
// or without the scope. It returns the token's id, for the export's log.
func exportAuth(d Deps, r *http.Request, slug, scope string) (string, error) {
	if _, err := d.Controllers.Load(r.Context(), slug); err != nil {
		return "", err
	}
	tok, err := d.ExportTokens.Check(r.Context(), slug, scope, r.Header.Get("Authorization"))
	switch {
	case errors.Is(err, exports.ErrUnauthorized):
		return "", problem.Fail(problem.CodeUnauthorized)
	case errors.Is(err, exports.ErrForbidden):
		return "", problem.Fail(problem.CodeForbidden)
	case err != nil:
		return "", err
	}
	return tok.ID, nil
}

// exportTimeout bounds an export: its queries and the wait for a client
// that stops reading. 100,000 consents take seconds; a client that has not
// read its file in this time is not coming back, and what the export holds
// is let go.
const exportTimeout = 5 * time.Minute

// Outcomes of an export, as logged.
const (
	outcomeComplete  = "complete"
	outcomeFailed    = "failed"
	outcomeCancelled = "cancelled"
	outcomeTimedOut  = "timed_out"
)

// startExport bounds an export in time and sends its headers. The returned
// context ends at the deadline or when the client leaves.
func startExport(w http.ResponseWriter, r *http.Request, format, name string) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(r.Context(), exportTimeout)
	deadline, _ := ctx.Deadline()
	http.NewResponseController(w).SetWriteDeadline(deadline) //nolint:errcheck // a writer without deadlines still has the context
	if format == exports.FormatJSONL {
		w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
	} else {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+"."+format+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	return ctx, cancel
}

// exportQuery reads format, since, status and channel, refusing what it
// cannot use.
func exportQuery(r *http.Request, statuses []string) (format string, f exports.Filter, ok bool) {
	q := r.URL.Query()
	format = q.Get("format")
	if format == "" {
		format = exports.FormatCSV
	}
	f.Status, f.Channel = q.Get("status"), q.Get("channel")
	if v := q.Get("since"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			d, ok := calendar.ParseDate(v)
			if !ok {
				return "", f, false
			}
			t = d.Time()
		}
		f.Since = t
	}
	ok = (format == exports.FormatCSV || format == exports.FormatJSONL) &&
		(f.Status == "" || slices.Contains(statuses, f.Status)) &&
		(f.Channel == "" || slices.Contains([]string{company.ChannelEmail, company.ChannelSMS, company.ChannelPhone, company.ChannelPost}, f.Channel))
	return format, f, ok
}

// handleMarketingExport is GET /api/{slug}/exports/marketing: the current
// status of every person and channel (view=current, the default), or every
// event since a date (view=events), or the suppression list
// (GET /api/{slug}/exports/suppression: everyone who withdrew a consent
// or reserved themselves on a channel), as CSV or JSON Lines, written
// while it is read. Each row carries the rule of the company's country
// for its channel (channel_rule).
func handleMarketingExport(d Deps, fixedView string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		x := newExchange(w, r, d, false)
		slug := r.PathValue("slug")
		view := fixedView
		if view == "" {
			view = r.URL.Query().Get("view")
			if view == "" {
				view = exports.ViewCurrent
			}
		}
		// The scope follows the view asked for, whichever address asks
		// for it: the suppression list needs the suppression scope also as
		// ?view=suppression of the marketing export.
		scope := exports.ScopeMarketing
		if view == exports.ViewSuppression {
			scope = exports.ScopeSuppression
		}
		token, err := exportAuth(d, r, slug, scope)
		if err != nil {
			x.fail(err)
			return
		}
		statuses := []string{appmarketingconsent.StatusGranted, appmarketingconsent.StatusWithdrawn, appmarketingconsent.StatusReserved}
		format, f, ok := exportQuery(r, statuses)
		limit := -1 // all
		if v := r.URL.Query().Get("limit"); v != "" {
			n, err := strconv.Atoi(v)
			ok = ok && err == nil && n >= 1
			limit = n
		}
		if !ok || (view != exports.ViewCurrent && view != exports.ViewEvents && view != exports.ViewSuppression) {
			x.fail(problem.Fail(problem.CodeBadRequest))
			return
		}
		f.Controller = slug
		if view == exports.ViewSuppression {
			f.Suppressed = true
			if f.Status == appmarketingconsent.StatusGranted {
				x.fail(problem.Fail(problem.CodeBadRequest))
				return
			}
		}
		c, err := d.Controllers.Load(r.Context(), slug)
		if err != nil {
			x.fail(err)
			return
		}
		page := d.Exports.CurrentPage
		if view == exports.ViewEvents {
			page = d.Exports.EventsPage
		}
		kind := "marketing-" + view
		// Read the first page before answering, so a database failure
		// is an error answer, not a truncated file.
		size := exportFirstPage
		rows, err := page(r.Context(), f, 0, size)
		if err != nil {
			d.logExport(r, slug, token, kind, f, format, 0, err)
			x.fail(err)
			return
		}
		ctx, cancel := startExport(w, r, format, slug+"-marketing-"+view)
		defer cancel()
		out, err := exports.NewWriter(w, format, exports.Columns(view))
		n := 0
		var values []string // one slice for every row's values
		for err == nil && len(rows) > 0 {
			if limit >= 0 && n+len(rows) > limit {
				rows = rows[:limit-n]
			}
			for i := range rows {
				row := &rows[i]
				row.ChannelRule = appmarketingconsent.RuleFor(c.Country, row.Channel).Code
				values = row.AppendValues(values[:0], view)
				if err = out.Write(values); err != nil {
					break
				}
			}
			n += len(rows)
			if err == nil {
				err = out.Flush()
			}
			if err == nil && len(rows) == size && (limit < 0 || n < limit) {
				last := rows[len(rows)-1].Seq
				rows = nil // the page is written: let it go before the next
				size = exportPage
				rows, err = page(ctx, f, last, size)
			} else {
				rows = nil
			}
		}
		if err == nil {
			err = out.Flush()
		}
		d.endExport(ctx, r, slug, token, kind, f, format, n, err)
	})
}

// endExport logs an export however it ended and, when it did not end
// well, cuts the answer short so the client sees an incomplete file, not a
// complete-looking one.
func (d Deps) endExport(ctx context.Context, r *http.Request, slug, token, kind string, f exports.Filter, format string, rows int, err error) {
	if err != nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	d.logExport(r, slug, token, kind, f, format, rows, err)
	if err != nil {
		panic(http.ErrAbortHandler)
	}
}

// logExport records an export, finished or not, in the Worker's log and
// in D1's export_log: who (which company, and the id of the token), what,
// with which filter, how many rows and how it ended. No personal data.
func (d Deps) logExport(r *http.Request, slug, token, kind string, f exports.Filter, format string, rows int, err error) {
	filter := "format=" + format
	if !f.Since.IsZero() {
		filter += " since=" + f.Since.Format(time.RFC3339)
	}
	if f.Status != "" {
		filter += " status=" + f.Status
	}
	if f.Channel != "" {
		filter += " channel=" + f.Channel
	}
	outcome := outcomeComplete
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded):
		outcome = outcomeTimedOut
	case errors.Is(err, context.Canceled) || r.Context().Err() != nil:
		outcome = outcomeCancelled
	case err != nil:
		outcome = outcomeFailed
	}
	// The Worker's own memory, to show that an export of any length
	// holds one page at a time.
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	attrs := []any{"controller", slug, "token", token, "kind", kind, "filter", filter, "rows", rows, "outcome", outcome,
		"heap_inuse_kib", mem.HeapInuse / 1024, "sys_kib", mem.Sys / 1024}
	if err != nil {
		d.Log.WarnContext(r.Context(), "export ended early", append(attrs, "err", err)...)
	} else {
		d.Log.InfoContext(r.Context(), "export", attrs...)
	}
	// The request's context may be over; the record of the export is
	// written all the same.
	entry := exports.LogEntry{Controller: slug, At: d.Now().UTC(), Kind: kind, Filter: filter, Rows: rows, Outcome: outcome, TokenID: token}
	if err := d.Exports.LogExport(context.WithoutCancel(r.Context()), entry); err != nil {
		d.Log.ErrorContext(r.Context(), "export: logging failed", "err", err)
	}
}

// handleCookieExport is GET /api/{slug}/exports/cookies: per day and
// category, how many visitors granted or refused it (and how many refusals
// came from Global Privacy Control).
func handleCookieExport(d Deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		x := newExchange(w, r, d, false)
		slug := r.PathValue("slug")
		token, err := exportAuth(d, r, slug, exports.ScopeCookies)
		if err != nil {
			x.fail(err)
			return
		}
		format, f, ok := exportQuery(r, nil)
		if !ok || f.Status != "" || f.Channel != "" {
			x.fail(problem.Fail(problem.CodeBadRequest))
			return
		}
		days, err := d.Exports.CookieDays(r.Context(), slug, f.Since)
		if err != nil {
			d.logExport(r, slug, token, "cookies", f, format, 0, err)
			x.fail(err)
			return
		}
		ctx, cancel := startExport(w, r, format, slug+"-cookie-choices")
		defer cancel()
		columns := []string{"day", "category", "granted", "refused", "refused_by_gpc"}
		out, err := exports.NewWriter(w, format, columns)
		for _, day := range days {
			if err != nil {
				break
			}
			err = out.Write([]string{day.Day, day.Category, strconv.Itoa(day.Granted), strconv.Itoa(day.Refused), strconv.Itoa(day.GPC)})
		}
		if err == nil {
			err = out.Flush()
		}
		d.endExport(ctx, r, slug, token, "cookies", f, format, len(days), err)
	})
}

// summaryAnswer is what the marketer's page shows first.
type summaryAnswer struct {
	Controller string          `json:"controller"`
	Counts     []exports.Count `json:"counts"`
}

// handleExportSummary is GET /api/{slug}/exports/summary: how many people
// have each status on each channel.
func handleExportSummary(d Deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		x := newExchange(w, r, d, false)
		slug := r.PathValue("slug")
		if _, err := exportAuth(d, r, slug, exports.ScopeSummary); err != nil {
			x.fail(err)
			return
		}
		counts, err := d.Counter.Counts(r.Context(), slug)
		if err != nil {
			x.fail(err)
			return
		}
		writeJSON(w, http.StatusOK, summaryAnswer{Controller: slug, Counts: counts})
	})
}
