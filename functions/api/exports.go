package api

import (
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"time"

	"privacyportal/app/marketing"
	"privacyportal/app/privacy"
	"privacyportal/functions/exports"
)

// exportPage is how many rows are read from D1 at a time: the export is
// written while it is read, so memory holds one page whatever the total.
const exportPage = 1000

// exportAuth checks the company's bearer token: 401 without one or with an
// unknown one, 403 with another company's. It answers and reports false
// when the token does not do.
func exportAuth(d Deps, w http.ResponseWriter, r *http.Request, slug string) bool {
	if _, ok := d.Controllers.Lookup(slug); !ok {
		writeError(w, r, CodeUnknownController)
		return false
	}
	switch d.ExportTokens.Check(slug, r.Header.Get("Authorization")) {
	case http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="privacy-portal exports"`)
		writeError(w, r, CodeUnauthorized)
		return false
	case http.StatusForbidden:
		writeError(w, r, CodeForbidden)
		return false
	}
	return true
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
			d, ok := privacy.ParseDate(v)
			if !ok {
				return "", f, false
			}
			t = d.Time()
		}
		f.Since = t
	}
	ok = (format == exports.FormatCSV || format == exports.FormatJSONL) &&
		(f.Status == "" || slices.Contains(statuses, f.Status)) &&
		(f.Channel == "" || slices.Contains([]string{privacy.ChannelEmail, privacy.ChannelSMS, privacy.ChannelPhone, privacy.ChannelPost}, f.Channel))
	return format, f, ok
}

func startExport(w http.ResponseWriter, format, name string) {
	if format == exports.FormatJSONL {
		w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
	} else {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+"."+format+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
}

// handleMarketingExport is GET /api/{slug}/exports/marketing: the current
// status of every person and channel (view=current, the default), or every
// event since a date (view=events), or the suppression list
// (GET /api/{slug}/exports/suppression: withdrawn only), as CSV or JSON
// Lines, written while it is read.
func handleMarketingExport(d Deps, fixedView string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		slug := r.PathValue("slug")
		if !exportAuth(d, w, r, slug) {
			return
		}
		view := fixedView
		if view == "" {
			view = r.URL.Query().Get("view")
			if view == "" {
				view = exports.ViewCurrent
			}
		}
		statuses := []string{marketing.StatusGranted, marketing.StatusWithdrawn, marketing.StatusReserved}
		format, f, ok := exportQuery(r, statuses)
		if !ok || (view != exports.ViewCurrent && view != exports.ViewEvents && view != exports.ViewSuppression) {
			writeError(w, r, CodeBadRequest)
			return
		}
		limit := -1 // all
		if v := r.URL.Query().Get("limit"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				writeError(w, r, CodeBadRequest)
				return
			}
			limit = n
		}
		f.Controller = slug
		if view == exports.ViewSuppression {
			f.Status = marketing.StatusWithdrawn
		}
		page := d.Exports.CurrentPage
		if view == exports.ViewEvents {
			page = d.Exports.EventsPage
		}
		// Read the first page before answering, so a database failure
		// is an error answer, not a truncated file.
		rows, err := page(r.Context(), f, 0, exportPage)
		if err != nil {
			failed(w, r, d.Log, requestLang(r), false, err)
			return
		}
		startExport(w, format, slug+"-marketing-"+view)
		out, err := exports.NewWriter(w, format, exports.Columns(view))
		n := 0
		for err == nil && len(rows) > 0 {
			if limit >= 0 && n+len(rows) > limit {
				rows = rows[:limit-n]
			}
			for _, row := range rows {
				if err = out.Write(row.Values(view)); err != nil {
					break
				}
			}
			n += len(rows)
			if err == nil {
				err = out.Flush()
			}
			if err == nil && len(rows) == exportPage && (limit < 0 || n < limit) {
				rows, err = page(r.Context(), f, rows[len(rows)-1].Seq, exportPage)
			} else {
				rows = nil
			}
		}
		if err == nil {
			err = out.Flush()
		}
		d.logExport(r, slug, "marketing-"+view, f, format, n, err)
	})
}

func (d Deps) logExport(r *http.Request, slug, kind string, f exports.Filter, format string, rows int, err error) {
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
	at := d.Now().UTC()
	if err != nil {
		d.Log.Error("export failed", "controller", slug, "kind", kind, "filter", filter, "rows", rows, "err", err)
		return
	}
	// The Worker's own memory, to show that an export of any length
	// holds one page at a time.
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	d.Log.Info("export", "controller", slug, "kind", kind, "filter", filter, "rows", rows,
		"heap_inuse_kib", mem.HeapInuse/1024, "sys_kib", mem.Sys/1024)
	if err := d.Exports.LogExport(r.Context(), exports.LogEntry{Controller: slug, At: at, Kind: kind, Filter: filter, Rows: rows}); err != nil {
		d.Log.Error("export: logging failed", "err", err)
	}
}

// handleCookieExport is GET /api/{slug}/exports/cookies: per day and
// category, how many visitors granted or refused it (and how many refusals
// came from Global Privacy Control).
func handleCookieExport(d Deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		slug := r.PathValue("slug")
		if !exportAuth(d, w, r, slug) {
			return
		}
		format, f, ok := exportQuery(r, nil)
		if !ok || f.Status != "" || f.Channel != "" {
			writeError(w, r, CodeBadRequest)
			return
		}
		days, err := d.Exports.CookieDays(r.Context(), slug, f.Since)
		if err != nil {
			failed(w, r, d.Log, requestLang(r), false, err)
			return
		}
		startExport(w, format, slug+"-cookie-choices")
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
		d.logExport(r, slug, "cookies", f, format, len(days), err)
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
		slug := r.PathValue("slug")
		if !exportAuth(d, w, r, slug) {
			return
		}
		counts, err := d.Counter.Counts(r.Context(), slug)
		if err != nil {
			failed(w, r, d.Log, requestLang(r), false, err)
			return
		}
		writeJSON(w, http.StatusOK, summaryAnswer{Controller: slug, Counts: counts})
	})
}
