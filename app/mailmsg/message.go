// Package mailmsg builds and parses RFC 5322 / MIME e-mail messages.
//
// The Worker uses it to compose the confirmation mails sent to customers and
// the signed requests sent to companies' privacy inboxes (with the
// attachments request.json and request.json.sig); the browser app and the CLI
// use it to read such a message back from a saved .eml file and pull out the
// attachments to verify them. It compiles for GOOS=js and deliberately avoids
// net, net/mail, net/textproto and mime/multipart, which would make the
// browser binary much larger.
//
// Composing is strict: every field that ends up in a header is checked, and
// anything that could break out of its header (CR, LF, other control
// characters, U+2028, U+2029) is rejected with ErrHeaderInjection rather than
// cleaned up. Parsing is lenient about what relays and mail clients do to a
// message in transit, but attachment bytes always come out exactly as they
// went in, because the signature is over those exact bytes.
package mailmsg

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxMessageSize is the largest message Parse accepts and Bytes produces:
// 25 MiB, what large mail providers accept, so that a hostile or broken
// input cannot make the browser or the CLI allocate without limit.
const MaxMessageSize = 25 << 20

// MaxNesting is how many multiparts may be nested inside each other. Real
// clients use three at most (mixed > alternative > related); the limit stops
// a crafted message from recursing without end.
const MaxNesting = 10

// Errors returned by Bytes, so callers (and tests) can tell a hostile input
// from a programming mistake with errors.Is. They are wrapped with the name
// of the offending field.
var (
	// ErrHeaderInjection means a header name or value, an address, a display
	// name, the subject or a filename contains CR, LF, NUL, another control
	// character, U+2028 or U+2029. Such input is never passed through or
	// cleaned, because it is how one header is smuggled into another.
	ErrHeaderInjection = errors.New("control character in header field (possible header injection)")
	// ErrInvalidAddress means an e-mail address does not match the strict
	// syntax Bytes accepts: an ASCII local part of atext and dots, "@", and a
	// domain of at least two letter-digit-hyphen labels.
	ErrInvalidAddress = errors.New("invalid e-mail address")
	// ErrInvalidMessageID means the Message-ID is not of the form
	// left@right with dot-atom text on both sides (no angle brackets).
	ErrInvalidMessageID = errors.New("invalid Message-ID")
	// ErrInvalidHeaderName means an extra header's name is not an RFC 7230
	// token.
	ErrInvalidHeaderName = errors.New("invalid header name")
	// ErrReservedHeader means an extra header would duplicate or override a
	// header Bytes writes itself (From, To, Subject, Content-Type, ...), or
	// add recipients (Cc, Bcc) that would bypass address validation.
	ErrReservedHeader = errors.New("reserved header name")
	// ErrInvalidContentType means an attachment's content type is not a bare
	// type/subtype made of tokens.
	ErrInvalidContentType = errors.New("invalid content type")
	// ErrInvalidUTF8 means a text field is not valid UTF-8, which the
	// message would otherwise declare it to be.
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	// ErrMissingField means a required field (From, To, Date, MessageID,
	// Text, an attachment's Filename) is empty.
	ErrMissingField = errors.New("required field missing")
	// ErrHeaderTooLong means an extra header contains a word too long to fit
	// the 998-character line limit of RFC 5322.
	ErrHeaderTooLong = errors.New("header line too long")
	// ErrTooLarge means a message is larger than MaxMessageSize (from
	// Bytes or Parse).
	ErrTooLarge = errors.New("message larger than MaxMessageSize")
)

// Address is a mailbox: an e-mail address and an optional display name. The
// name is free text (customer input included); Bytes encodes it so it can
// never break the header.
type Address struct {
	Name  string
	Email string
}

// Attachment is a file attached to a message. On composing, Data is sent
// base64-encoded so it arrives byte for byte; on parsing, Data holds the
// decoded bytes. ContentType is a bare lower-case media type such as
// "application/json"; empty means application/octet-stream when composing.
type Attachment struct {
	Filename    string
	ContentType string
	Data        []byte
}

// Header is an extra header field of a composed message, such as
// Auto-Submitted: auto-generated. Headers that Bytes writes itself cannot be
// set this way (see ErrReservedHeader).
type Header struct {
	Name  string
	Value string
}

// Message is an e-mail to compose. The zero value is not valid: From, To,
// Date, MessageID and Text are required. Everything but the MIME boundaries
// is deterministic, so the same Message always gives the same mail, and the
// clock is the caller's (Date) rather than the package's.
type Message struct {
	From    Address
	To      []Address
	ReplyTo *Address // optional
	Subject string
	Date    time.Time
	// MessageID is the Message-ID without angle brackets, e.g.
	// "abc.confirm@portal.example". See NewMessageID.
	MessageID string
	// Headers are written after the standard headers, in order.
	Headers []Header
	// Text is the text/plain body. Line endings may be LF, CRLF or CR; they
	// are sent as CRLF and come back from Parse as LF.
	Text string
	// HTML is an optional text/html alternative to Text.
	HTML        string
	Attachments []Attachment
}

// Bytes returns the whole message with CRLF line endings, ready to hand to
// an SMTP server or a mail API. It returns an error (wrapping one of the
// Err* values) instead of writing anything that could be misread: see
// ErrHeaderInjection. Only the MIME boundaries are random.
func (m Message) Bytes() ([]byte, error) {
	// A collision between a random boundary and the content is impossible
	// by construction (see boundaries), but retrying keeps Bytes correct
	// even if that reasoning is ever broken by a change.
	for range 3 {
		seed, err := randomHex(16)
		if err != nil {
			return nil, fmt.Errorf("mailmsg: boundary: %w", err)
		}
		b, err := m.bytesWithBoundary(seed)
		if errors.Is(err, errBoundaryCollision) {
			continue
		}
		return b, err
	}
	return nil, fmt.Errorf("mailmsg: %w", errBoundaryCollision)
}

// NewMessageID returns a fresh Message-ID (without angle brackets) of the
// form <random>.<label>@<domain>, so the Worker can tell its kinds of mail
// apart in bounces and logs. label may be empty.
func NewMessageID(label, domain string) (string, error) {
	r, err := randomHex(12)
	if err != nil {
		return "", fmt.Errorf("mailmsg: message id: %w", err)
	}
	id := r + "@" + domain
	if label != "" {
		id = r + "." + label + "@" + domain
	}
	if err := checkMessageID(id); err != nil {
		return "", fmt.Errorf("mailmsg: message id: %w", err)
	}
	return id, nil
}

func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// errBoundaryCollision means a boundary occurs in the content it delimits.
var errBoundaryCollision = errors.New("MIME boundary occurs in content")

// bytesWithBoundary is Bytes with the boundaries derived from seed, so that
// golden tests get the same output every time.
func (m Message) bytesWithBoundary(seed string) ([]byte, error) {
	if err := m.validate(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	w := headerWriter{buf: &b}

	w.start("From")
	w.address(m.From, false)
	w.end()
	w.start("To")
	for i, a := range m.To {
		w.address(a, i < len(m.To)-1)
	}
	w.end()
	if m.ReplyTo != nil {
		w.start("Reply-To")
		w.address(*m.ReplyTo, false)
		w.end()
	}
	w.start("Subject")
	w.unstructured(m.Subject)
	w.end()
	w.start("Date")
	w.token(m.Date.Format(time.RFC1123Z))
	w.end()
	w.start("Message-ID")
	w.token("<" + m.MessageID + ">")
	w.end()
	for _, h := range m.Headers {
		w.start(h.Name)
		w.extra(h.Value)
		w.end()
	}
	w.start("MIME-Version")
	w.token("1.0")
	w.end()

	body, err := m.body(seed)
	if err != nil {
		return nil, err
	}
	body.writeTo(&b)
	if b.Len() > MaxMessageSize {
		return nil, fmt.Errorf("mailmsg: %w", ErrTooLarge)
	}
	return b.Bytes(), nil
}

// body builds the MIME structure: multipart/mixed only when there are
// attachments, multipart/alternative only when there is HTML.
func (m Message) body(seed string) (*part, error) {
	content := textPart("plain", m.Text)
	if m.HTML != "" {
		alt, err := multipart("alternative", "=_"+seed+"_a", textPart("plain", m.Text), textPart("html", m.HTML))
		if err != nil {
			return nil, err
		}
		content = alt
	}
	if len(m.Attachments) == 0 {
		return content, nil
	}
	parts := []*part{content}
	for _, a := range m.Attachments {
		parts = append(parts, attachmentPart(a))
	}
	return multipart("mixed", "=_"+seed+"_m", parts...)
}

// validate checks every field before anything is written, so Bytes never
// returns half a message.
func (m Message) validate() error {
	if err := checkAddress("From", m.From); err != nil {
		return err
	}
	if len(m.To) == 0 {
		return fmt.Errorf("mailmsg: To: %w", ErrMissingField)
	}
	for _, a := range m.To {
		if err := checkAddress("To", a); err != nil {
			return err
		}
	}
	if m.ReplyTo != nil {
		if err := checkAddress("Reply-To", *m.ReplyTo); err != nil {
			return err
		}
	}
	if err := checkText("Subject", m.Subject); err != nil {
		return err
	}
	if m.Date.IsZero() {
		return fmt.Errorf("mailmsg: Date: %w", ErrMissingField)
	}
	if m.MessageID == "" {
		return fmt.Errorf("mailmsg: Message-ID: %w", ErrMissingField)
	}
	if err := checkMessageID(m.MessageID); err != nil {
		return fmt.Errorf("mailmsg: Message-ID: %w", err)
	}
	for _, h := range m.Headers {
		if err := checkExtraHeader(h); err != nil {
			return err
		}
	}
	if m.Text == "" {
		return fmt.Errorf("mailmsg: Text: %w", ErrMissingField)
	}
	if !utf8.ValidString(m.Text) {
		return fmt.Errorf("mailmsg: Text: %w", ErrInvalidUTF8)
	}
	if !utf8.ValidString(m.HTML) {
		return fmt.Errorf("mailmsg: HTML: %w", ErrInvalidUTF8)
	}
	// A lower bound of the encoded size, to refuse a message that is far
	// too large before encoding it; Bytes checks the real size at the end.
	size := len(m.Text) + len(m.HTML)
	for _, a := range m.Attachments {
		size += len(a.Data) / 3 * 4
	}
	if size > MaxMessageSize {
		return fmt.Errorf("mailmsg: %w", ErrTooLarge)
	}
	for _, a := range m.Attachments {
		if a.Filename == "" {
			return fmt.Errorf("mailmsg: attachment filename: %w", ErrMissingField)
		}
		if err := checkText("attachment filename", a.Filename); err != nil {
			return err
		}
		if a.ContentType != "" && !isMediaType(a.ContentType) {
			if hasControl(a.ContentType) {
				return fmt.Errorf("mailmsg: attachment %q content type: %w", a.Filename, ErrHeaderInjection)
			}
			return fmt.Errorf("mailmsg: attachment %q content type %q: %w", a.Filename, a.ContentType, ErrInvalidContentType)
		}
	}
	return nil
}

// checkText rejects text that goes into a header (after encoding) but
// contains control characters or invalid UTF-8.
func checkText(field, s string) error {
	if hasControl(s) {
		return fmt.Errorf("mailmsg: %s: %w", field, ErrHeaderInjection)
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf("mailmsg: %s: %w", field, ErrInvalidUTF8)
	}
	return nil
}

// isReservedHeader reports whether a (canonical) header name is written by
// Bytes itself or carries recipients, and so cannot be an extra header.
func isReservedHeader(key string) bool {
	switch key {
	case "From", "To", "Cc", "Bcc", "Reply-To", "Sender", "Subject", "Date",
		"Message-Id", "Mime-Version", "Return-Path":
		return true
	}
	return strings.HasPrefix(key, "Content-")
}

func checkExtraHeader(h Header) error {
	if hasControl(h.Name) {
		return fmt.Errorf("mailmsg: header name %q: %w", h.Name, ErrHeaderInjection)
	}
	if h.Name == "" || !isToken(h.Name) {
		return fmt.Errorf("mailmsg: header name %q: %w", h.Name, ErrInvalidHeaderName)
	}
	key := CanonicalHeaderKey(h.Name)
	if isReservedHeader(key) {
		return fmt.Errorf("mailmsg: header %s: %w", key, ErrReservedHeader)
	}
	if err := checkText("header "+key, h.Value); err != nil {
		return err
	}
	for _, word := range strings.Split(h.Value, " ") {
		if len(key)+2+len(word) > 998 {
			return fmt.Errorf("mailmsg: header %s: %w", key, ErrHeaderTooLong)
		}
	}
	return nil
}

// checkMessageID accepts dot-atom-text "@" dot-atom-text, RFC 5322's
// msg-id without the obsolete and domain-literal forms, and without "=?",
// which a decoder could take for an encoded-word.
func checkMessageID(id string) error {
	if hasControl(id) {
		return ErrHeaderInjection
	}
	left, right, ok := strings.Cut(id, "@")
	if !ok || !isDotAtom(left) || !isDotAtom(right) || len(id) > 900 || strings.Contains(id, "=?") {
		return ErrInvalidMessageID
	}
	return nil
}
