package d1

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"privacyportal/app/calendar"
	"privacyportal/app/i18n"
	"privacyportal/functions/outbox"
	"privacyportal/functions/requests"
)

// Store is the portal's database: requests and their outgoing mail. It
// implements requests.Store.
type Store struct {
	db DB
}

// New returns a store on a database with the migrations applied.
func New(db DB) *Store { return &Store{db: db} }

var _ requests.Store = (*Store)(nil)

// Ping runs a trivial query, proving the database answers.
func (s *Store) Ping(ctx context.Context) error {
	_, err := s.db.Query(ctx, Stmt("SELECT 1"))
	return err
}

// timeFormat is how times are stored: UTC to the second, so that stored
// times compare correctly as text.
const timeFormat = "2006-01-02T15:04:05Z"

func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(timeFormat)
}

func parseTS(s string) time.Time {
	t, _ := time.Parse(timeFormat, s)
	return t
}

func date(d calendar.Date) any {
	if d == (calendar.Date{}) {
		return nil
	}
	return d.String()
}

func parseDate(s string) calendar.Date {
	d, _ := calendar.ParseDate(s)
	return d
}

func isUniqueViolation(err error) bool {
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

const insertMail = `INSERT OR IGNORE INTO mail (request_id, kind, recipient, message, created_at, next_attempt_at)
VALUES (?, ?, ?, ?, ?, ?)`

func mailStmt(m outbox.Mail, now time.Time) Statement {
	next := m.NextAttemptAt
	if next.IsZero() {
		next = now
	}
	return Stmt(insertMail, m.OwnerID, m.Kind, m.Recipient, m.Message, ts(now), ts(next))
}

// Create stores a new unconfirmed request and its confirmation mail.
func (s *Store) Create(ctx context.Context, r requests.Record, confirm outbox.Mail) error {
	form, err := json.Marshal(r.Form)
	if err != nil {
		return err
	}
	_, err = s.db.Batch(ctx,
		Stmt(`INSERT INTO requests (id, reference, controller, type, language, status, form,
			confirm_hash, code_hash, submitted_at, expires_at, due_by)
			VALUES (?, ?, ?, ?, ?, 'unconfirmed', ?, ?, ?, ?, ?, '')`,
			r.ID, r.Reference, r.Controller, r.Type, string(r.Language), string(form),
			r.ConfirmHash, r.CodeHash, ts(r.SubmittedAt), ts(r.ExpiresAt)),
		mailStmt(confirm, r.SubmittedAt),
	)
	if isUniqueViolation(err) {
		return requests.ErrDuplicate
	}
	return err
}

const recordColumns = `id, reference, controller, type, language, status, form, confirm_hash, code_hash,
code_attempts, submitted_at, expires_at, confirmed_at, due_by, latest_due_by, extended_to, handled_at, key_id,
document, signature, document_sha256, delivered_at, erased_at`

func readRecord(r row) (requests.Record, error) {
	rec := requests.Record{
		ID:             r.str("id"),
		Reference:      r.str("reference"),
		Controller:     r.str("controller"),
		Type:           r.str("type"),
		Language:       i18n.Lang(r.str("language")),
		Status:         requests.Status(r.str("status")),
		ConfirmHash:    r.str("confirm_hash"),
		CodeHash:       r.str("code_hash"),
		CodeAttempts:   int(r.int("code_attempts")),
		SubmittedAt:    parseTS(r.str("submitted_at")),
		ExpiresAt:      parseTS(r.str("expires_at")),
		ConfirmedAt:    parseTS(r.str("confirmed_at")),
		DueBy:          parseDate(r.str("due_by")),
		LatestDueBy:    parseDate(r.str("latest_due_by")),
		ExtendedTo:     parseDate(r.str("extended_to")),
		HandledAt:      parseTS(r.str("handled_at")),
		KeyID:          r.str("key_id"),
		Document:       r.bytes("document"),
		Signature:      r.bytes("signature"),
		DocumentSHA256: r.str("document_sha256"),
		DeliveredAt:    parseTS(r.str("delivered_at")),
		Erased:         r.str("erased_at") != "",
	}
	if form := r.str("form"); form != "" {
		if err := json.Unmarshal([]byte(form), &rec.Form); err != nil {
			return rec, err
		}
	}
	return rec, r.err
}

func (s *Store) records(ctx context.Context, st Statement) ([]requests.Record, error) {
	rows, err := s.db.Query(ctx, st)
	if err != nil {
		return nil, err
	}
	var out []requests.Record
	err = rows.each(func(r row) error {
		rec, err := readRecord(r)
		out = append(out, rec)
		return err
	})
	return out, err
}

// Get returns one request.
func (s *Store) Get(ctx context.Context, id string) (requests.Record, error) {
	recs, err := s.records(ctx, Stmt(`SELECT `+recordColumns+` FROM requests WHERE id = ?`, id))
	if err != nil {
		return requests.Record{}, err
	}
	if len(recs) == 0 {
		return requests.Record{}, requests.ErrNotFound
	}
	return recs[0], nil
}

// TakeCodeAttempt counts an attempt at the short code unless max have been
// made, in one statement: SQLite runs it atomically, so parallel attempts
// each get their own number and none past max.
func (s *Store) TakeCodeAttempt(ctx context.Context, id string, max int) (int, error) {
	rows, err := s.db.Query(ctx, Stmt(`UPDATE requests SET code_attempts = code_attempts + 1
		WHERE id = ? AND code_attempts < ? RETURNING code_attempts`, id, max))
	if err != nil {
		return 0, err
	}
	n := 0
	err = rows.each(func(r row) error { n = int(r.int("code_attempts")); return r.err })
	return n, err
}

// Confirm marks the request confirmed with its signed document and queues
// the mail in the same batch. The mail is inserted only if the update took
// effect: the insert selects from the request as this batch left it.
func (s *Store) Confirm(ctx context.Context, r requests.Record, mail ...outbox.Mail) (bool, error) {
	stmts := []Statement{
		Stmt(`UPDATE requests SET status = 'confirmed', confirmed_at = ?, due_by = ?, latest_due_by = ?,
			key_id = ?, document = ?, signature = ?, document_sha256 = ?
			WHERE id = ? AND status = 'unconfirmed' AND expires_at > ?`,
			ts(r.ConfirmedAt), r.DueBy.String(), r.LatestDueBy.String(), r.KeyID, r.Document, r.Signature,
			r.DocumentSHA256, r.ID, ts(r.ConfirmedAt)),
	}
	for _, m := range mail {
		stmts = append(stmts, Stmt(`INSERT OR IGNORE INTO mail (request_id, kind, recipient, message, created_at, next_attempt_at)
			SELECT ?, ?, ?, ?, ?, ? FROM requests WHERE id = ? AND status = 'confirmed' AND confirmed_at = ? AND key_id = ?`,
			m.OwnerID, m.Kind, m.Recipient, m.Message, ts(r.ConfirmedAt), ts(r.ConfirmedAt),
			r.ID, ts(r.ConfirmedAt), r.KeyID))
	}
	res, err := s.db.Batch(ctx, stmts...)
	if err != nil {
		return false, err
	}
	return res[0].Changes == 1, nil
}

// Queue adds mail, at most one of each kind per request.
func (s *Store) Queue(ctx context.Context, mail ...outbox.Mail) (int, error) {
	if len(mail) == 0 {
		return 0, nil
	}
	stmts := make([]Statement, len(mail))
	for i, m := range mail {
		stmts[i] = mailStmt(m, m.NextAttemptAt)
	}
	res, err := s.db.Batch(ctx, stmts...)
	n := 0
	for _, r := range res {
		n += int(r.Changes)
	}
	return n, err
}

// Unsent returns messages due for an attempt.
func (s *Store) Unsent(ctx context.Context, ownerID string, now time.Time, limit int) ([]outbox.Mail, error) {
	// By owner through mail_once, or the whole queue through mail_due,
	// longest due first. Two statements, so that each uses its index.
	query := `SELECT id, request_id, kind, recipient, message, attempts, next_attempt_at FROM mail
		WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`
	args := []any{ts(now), limit}
	if ownerID != "" {
		query = `SELECT id, request_id, kind, recipient, message, attempts, next_attempt_at FROM mail
		WHERE request_id = ? AND sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`
		args = []any{ownerID, ts(now), limit}
	}
	rows, err := s.db.Query(ctx, Stmt(query, args...))
	if err != nil {
		return nil, err
	}
	var out []outbox.Mail
	err = rows.each(func(r row) error {
		out = append(out, outbox.Mail{
			ID: r.int("id"), OwnerID: r.str("request_id"), Kind: r.str("kind"),
			Recipient: r.str("recipient"), Message: r.bytes("message"),
			Attempts: int(r.int("attempts")), NextAttemptAt: parseTS(r.str("next_attempt_at")),
		})
		return r.err
	})
	return out, err
}

// Claim reserves a message for one attempt and records its Message-ID,
// before it is sent, so that a mail service's report naming it finds it
// even if it arrives before the message is marked sent.
func (s *Store) Claim(ctx context.Context, mailID int64, messageID string, now, lease time.Time) (bool, error) {
	var id any
	if messageID != "" {
		id = messageID
	}
	res, err := s.db.Batch(ctx, Stmt(`UPDATE mail SET attempts = attempts + 1, next_attempt_at = ?,
		message_id = COALESCE(message_id, ?)
		WHERE id = ? AND sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ?`, ts(lease), id, mailID, ts(now)))
	if err != nil {
		return false, err
	}
	return res[0].Changes == 1, nil
}

// Sent records a sent message. A message the mail service already
// reported undelivered (Bounced, between its answer and this) keeps its
// failure, and its request does not become delivered.
func (s *Store) Sent(ctx context.Context, m outbox.Mail, at time.Time) error {
	stmts := []Statement{
		Stmt(`UPDATE mail SET sent_at = ?, message = NULL, service_id = COALESCE(?, service_id),
			last_error = CASE WHEN failed_at IS NULL THEN NULL ELSE last_error END WHERE id = ?`, ts(at), nullable(m.ServiceID), m.ID),
	}
	if m.Kind == requests.MailForward {
		stmts = append(stmts, Stmt(`UPDATE requests SET status = 'delivered', delivered_at = ?
			WHERE id = ? AND status = 'confirmed'
			AND NOT EXISTS (SELECT 1 FROM mail WHERE id = ? AND failed_at IS NOT NULL)`, ts(at), m.OwnerID, m.ID))
	}
	_, err := s.db.Batch(ctx, stmts...)
	return err
}

// Failed records a failed attempt.
func (s *Store) Failed(ctx context.Context, mailID int64, retry time.Time, reason string) error {
	reason = outbox.ClipReason(reason)
	_, err := s.db.Batch(ctx, Stmt(`UPDATE mail SET next_attempt_at = ?, last_error = ? WHERE id = ? AND sent_at IS NULL`,
		ts(retry), reason, mailID))
	return err
}

// Abandon records that a message will never be delivered: failed_at set,
// content dropped, the mail service's reason kept (without addresses).
func (s *Store) Abandon(ctx context.Context, m outbox.Mail, at time.Time, reason string) error {
	reason = outbox.ClipReason(reason)
	_, err := s.db.Batch(ctx, Stmt(`UPDATE mail SET failed_at = ?, message = NULL, last_error = ?
		WHERE id = ? AND sent_at IS NULL`, ts(at), reason, m.ID))
	return err
}

// ByMessageID finds a message by the Message-ID Claim recorded or the
// service's id Sent recorded.
func (s *Store) ByMessageID(ctx context.Context, id string) (outbox.Mail, bool, error) {
	if id == "" {
		return outbox.Mail{}, false, outbox.ErrNoMail
	}
	rows, err := s.db.Query(ctx, Stmt(`SELECT id, request_id, kind, recipient, attempts, failed_at IS NOT NULL AS failed
		FROM mail WHERE message_id = ? OR service_id = ? ORDER BY id LIMIT 1`, id, id))
	if err != nil {
		return outbox.Mail{}, false, err
	}
	var m outbox.Mail
	failed, found := false, false
	err = rows.each(func(r row) error {
		found = true
		m = outbox.Mail{ID: r.int("id"), OwnerID: r.str("request_id"), Kind: r.str("kind"),
			Recipient: r.str("recipient"), Attempts: int(r.int("attempts"))}
		failed = r.int("failed") == 1
		return r.err
	})
	if err == nil && !found {
		err = outbox.ErrNoMail
	}
	return m, failed, err
}

// Bounced records that a message accepted by the mail service could not
// be delivered after all, in one batch: the message failed (content
// dropped, the reason kept), and a request whose message to the company
// it was goes back from delivered to confirmed, with no delivery time (its
// deadlines then do not run and no reminder goes). A request the company
// already marked handled stays so, and so does one it extended (the extend
// link came in the very message) or whose personal data is erased (its
// delivery time is part of the record kept).
func (s *Store) Bounced(ctx context.Context, m outbox.Mail, at time.Time, reason string) error {
	reason = outbox.ClipReason(reason)
	stmts := []Statement{
		Stmt(`UPDATE mail SET failed_at = ?, message = NULL, last_error = ? WHERE id = ? AND failed_at IS NULL`,
			ts(at), reason, m.ID),
	}
	if m.Kind == requests.MailForward {
		stmts = append(stmts, Stmt(`UPDATE requests SET status = 'confirmed', delivered_at = NULL
			WHERE id = ? AND status = 'delivered' AND extended_to IS NULL AND erased_at IS NULL`, m.OwnerID))
	}
	_, err := s.db.Batch(ctx, stmts...)
	return err
}

// FirstUse records a webhook's token until expires and reports whether
// it is the token's first use: a token seen before is a replay. One
// statement, so two deliveries at once cannot both be first.
func (s *Store) FirstUse(ctx context.Context, token string, expires time.Time) (bool, error) {
	res, err := s.db.Batch(ctx, Stmt(`INSERT INTO webhook_tokens (token, expires_at) VALUES (?, ?)
		ON CONFLICT (token) DO NOTHING`, token, ts(expires)))
	if err != nil {
		return false, err
	}
	return res[0].Changes == 1, nil
}

// ForgetToken forgets a token whose webhook could not be handled, so that
// the mail service's retry of it is taken.
func (s *Store) ForgetToken(ctx context.Context, token string) error {
	_, err := s.db.Batch(ctx, Stmt(`DELETE FROM webhook_tokens WHERE token = ?`, token))
	return err
}

// ForgetTokens deletes the tokens whose webhooks are too old to be taken
// again anyway.
func (s *Store) ForgetTokens(ctx context.Context, now time.Time) (int, error) {
	res, err := s.db.Batch(ctx, Stmt(`DELETE FROM webhook_tokens WHERE expires_at <= ?`, ts(now)))
	if err != nil {
		return 0, err
	}
	return int(res[0].Changes), nil
}

// Backlog counts the messages due for an attempt at now and gives the
// time the longest due of them became due, for /api/health: how far
// behind delivery is, without a word of what the messages say or whom
// they are for.
func (s *Store) Backlog(ctx context.Context, now time.Time) (due int, oldest time.Time, err error) {
	rows, err := s.db.Query(ctx, Stmt(`SELECT COUNT(*) AS n, MIN(next_attempt_at) AS oldest FROM mail
		WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ?`, ts(now)))
	if err != nil {
		return 0, time.Time{}, err
	}
	err = rows.each(func(r row) error {
		due, oldest = int(r.int("n")), parseTS(r.str("oldest"))
		return r.err
	})
	return due, oldest, err
}

// Expire deletes unconfirmed requests past their time.
func (s *Store) Expire(ctx context.Context, now time.Time) (int, error) {
	res, err := s.db.Batch(ctx,
		Stmt(`DELETE FROM mail WHERE request_id IN
			(SELECT id FROM requests WHERE status = 'unconfirmed' AND expires_at <= ?)`, ts(now)),
		Stmt(`DELETE FROM requests WHERE status = 'unconfirmed' AND expires_at <= ?`, ts(now)),
	)
	if err != nil {
		return 0, err
	}
	return int(res[1].Changes), nil
}

// Open returns delivered, unhandled requests due on or before a date.
func (s *Store) Open(ctx context.Context, dueOnOrBefore calendar.Date) ([]requests.Record, error) {
	return s.records(ctx, Stmt(`SELECT `+recordColumns+` FROM requests
		WHERE status = 'delivered' AND due_by != '' AND COALESCE(extended_to, due_by) <= ? ORDER BY submitted_at`,
		dueOnOrBefore.String()))
}

// MarkHandled records that the company handled a request.
func (s *Store) MarkHandled(ctx context.Context, id string, at time.Time) (bool, error) {
	res, err := s.db.Batch(ctx, Stmt(`UPDATE requests SET status = 'handled', handled_at = ?
		WHERE id = ? AND status = 'delivered'`, ts(at), id))
	if err != nil {
		return false, err
	}
	return res[0].Changes == 1, nil
}

// Extend sets the extended deadline once and queues the mail about it.
func (s *Store) Extend(ctx context.Context, id string, to calendar.Date, mail outbox.Mail) (bool, error) {
	now := mail.NextAttemptAt
	res, err := s.db.Batch(ctx,
		Stmt(`UPDATE requests SET extended_to = ? WHERE id = ? AND status = 'delivered' AND extended_to IS NULL`,
			to.String(), id),
		Stmt(`INSERT OR IGNORE INTO mail (request_id, kind, recipient, message, created_at, next_attempt_at)
			SELECT ?, ?, ?, ?, ?, ? FROM requests WHERE id = ? AND extended_to = ? AND changes() = 1`,
			mail.OwnerID, mail.Kind, mail.Recipient, mail.Message, ts(now), ts(now), id, to.String()),
	)
	if err != nil {
		return false, err
	}
	return res[0].Changes == 1, nil
}

// Erase deletes personal data delivered before a time, and that of a
// request the company's inbox refused for good before that time (its
// forward failed: it is never delivered, and its data must not stay for
// ever; the customer was told at once). A withdrawal of
// consent or an objection whose record in marketing is not stored yet
// (marketing_request_effects) keeps its data until it is: the address is
// what the schedule records it by, and erasing it would lose the
// customer's "no".
func (s *Store) Erase(ctx context.Context, deliveredBefore, now time.Time) (int, error) {
	due := `erased_at IS NULL
		AND (delivered_at IS NOT NULL AND delivered_at <= ?
			OR delivered_at IS NULL AND id IN (SELECT request_id FROM mail
				WHERE kind = '` + requests.MailForward + `' AND failed_at IS NOT NULL AND failed_at <= ?))
		AND (type NOT IN ` + requestTypesInMarketing + ` OR id IN (SELECT request_id FROM marketing_request_effects))`
	before := ts(deliveredBefore)
	res, err := s.db.Batch(ctx,
		Stmt(`UPDATE mail SET recipient = NULL, message = NULL WHERE (sent_at IS NOT NULL OR failed_at IS NOT NULL) AND request_id IN
			(SELECT id FROM requests WHERE `+due+`)`, before, before),
		Stmt(`UPDATE requests SET form = NULL, document = NULL, signature = NULL, erased_at = ? WHERE `+due,
			ts(now), before, before),
	)
	if err != nil {
		return 0, err
	}
	return int(res[1].Changes), nil
}

// Hit counts one event in a fixed window with one upsert, which SQLite runs
// atomically; see functions/limit.
func (s *Store) Hit(ctx context.Context, key string, windowStart, expiresAt time.Time) (int, error) {
	rows, err := s.db.Query(ctx, Stmt(`INSERT INTO rate_limits (key, window_start, expires_at, count) VALUES (?, ?, ?, 1)
		ON CONFLICT (key, window_start) DO UPDATE SET count = count + 1 RETURNING count`,
		key, ts(windowStart), ts(expiresAt)))
	if err != nil {
		return 0, err
	}
	n := 0
	err = rows.each(func(r row) error { n = int(r.int("count")); return r.err })
	if n == 0 && err == nil {
		err = errors.New("d1: rate limit count missing")
	}
	return n, err
}

// ForgetLimits deletes the counts of windows that ended at or before now.
func (s *Store) ForgetLimits(ctx context.Context, now time.Time) (int, error) {
	res, err := s.db.Batch(ctx, Stmt(`DELETE FROM rate_limits WHERE expires_at <= ?`, ts(now)))
	if err != nil {
		return 0, err
	}
	return int(res[0].Changes), nil
}
