// Package mailmsg builds and parses the portal's e-mail messages (RFC 5322
// and MIME) with github.com/emersion/go-message.
//
// The Worker uses it to compose the confirmation mails sent to customers and
// the signed requests sent to companies' privacy inboxes (with the
// attachments request.json and request.json.sig); the browser app and the CLI
// use it to read such a message back from a saved .eml file and pull out the
// attachments to verify them. It compiles for GOOS=js.
//
// go-message writes and reads the MIME structure: header fields and their
// folding, multipart/mixed and multipart/alternative with their boundaries,
// and the quoted-printable and base64 transfer encodings. This package adds
// what go-message leaves to its callers.
//
// Composing is strict: every field that ends up in a header is checked, and
// anything that could break out of its header (CR, LF, other control
// characters, U+2028, U+2029) is rejected with ErrHeaderInjection rather than
// cleaned up. Header text that needs it is written as RFC 2047 encoded-words
// sized to fit their lines (go-message's own encoder puts a long subject on
// one overlong line), and text a reader would decode ("=?...?=") is always
// encoded, so a reader is shown exactly what was sent.
//
// Parsing is lenient about what relays and mail clients do to a message in
// transit (an mbox "From " line, LF line endings, a cut-off end, unquoted
// parameters), but attachment bytes always come out exactly as they went in,
// because the signature is over those exact bytes. Text in ISO-8859-1,
// ISO-8859-15 and Windows-1252 is converted with golang.org/x/text's
// charmap package alone (about 11 KB brotli in the browser app), not with
// go-message's charset package, which would add a third of a megabyte
// (compressed) for charsets Nordic mail does not use.
package mailmsg

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-message"
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
	// domain of at least two letter-digit-hyphen labels (emailaddr.Valid).
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
	// ErrInvalidFilename means an attachment's filename contains "=?" or
	// is longer than 255 bytes. Mail programs (and Parse) decode RFC 2047
	// encoded-words in filenames, although the standard forbids them
	// there, so such a name could be shown as another one; and a longer
	// name fits neither a file system nor, once encoded, a header line.
	ErrInvalidFilename = errors.New("filename could be read as an encoded-word")
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
	seed, err := randomHex(16)
	if err != nil {
		return nil, fmt.Errorf("mailmsg: boundary: %w", err)
	}
	return m.bytesWithBoundary(seed)
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

// bytesWithBoundary is Bytes with the boundaries derived from seed, so that
// golden tests get the same output every time. A boundary ("=_" seed "_m")
// can never occur at the start of a line of the content it delimits:
// quoted-printable writes "=" as "=3D", base64 has neither "=_" nor "-",
// and every continuation line of a header starts with a space.
func (m Message) bytesWithBoundary(seed string) ([]byte, error) {
	if err := m.validate(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := m.write(&b, seed); err != nil {
		return nil, fmt.Errorf("mailmsg: %w", err)
	}
	if b.Len() > MaxMessageSize {
		return nil, fmt.Errorf("mailmsg: %w", ErrTooLarge)
	}
	return b.Bytes(), nil
}

// field is one header field, as go-message is to write it.
type field struct{ key, value string }

// newHeader returns the fields as a go-message header, in the given order.
func newHeader(fields ...field) message.Header {
	var h message.Header
	// Add puts a field at the top, where a relay adds its own, so the
	// fields are added back to front.
	for i := len(fields) - 1; i >= 0; i-- {
		h.Add(fields[i].key, fields[i].value)
	}
	return h
}

// textFields are those of a text/<subtype> part in UTF-8, quoted-printable
// so that lines stay short and 8-bit-unsafe relays cannot damage it.
func textFields(subtype string) []field {
	return []field{
		{"Content-Type", "text/" + subtype + "; charset=utf-8"},
		{"Content-Transfer-Encoding", "quoted-printable"},
	}
}

// multipartFields are those of a multipart/<subtype> with the boundary,
// which go-message then uses to write the parts.
func multipartFields(subtype, boundary string) []field {
	return []field{{"Content-Type", mime.FormatMediaType("multipart/"+subtype, map[string]string{"boundary": boundary})}}
}

// attachmentFields are those of an attachment, in base64, the only transfer
// encoding that carries arbitrary bytes through every relay unchanged. The
// filename is in both places mail programs look for it; mime.FormatMediaType
// quotes it or, when it is not ASCII, percent-encodes it (RFC 2231).
func attachmentFields(a Attachment) []field {
	ct := strings.ToLower(a.ContentType)
	if ct == "" {
		ct = "application/octet-stream"
	}
	return []field{
		{"Content-Type", mime.FormatMediaType(ct, map[string]string{"name": a.Filename})},
		{"Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Filename})},
		{"Content-Transfer-Encoding", "base64"},
	}
}

// write composes the message with go-message: multipart/mixed only when
// there are attachments, multipart/alternative only when there is HTML.
func (m Message) write(out io.Writer, seed string) error {
	content := textFields("plain")
	if m.HTML != "" {
		content = multipartFields("alternative", "=_"+seed+"_a")
	}
	top := content
	if len(m.Attachments) > 0 {
		top = multipartFields("mixed", "=_"+seed+"_m")
	}
	w, err := message.CreateWriter(out, newHeader(append(m.fields(), top...)...))
	if err != nil {
		return err
	}
	if len(m.Attachments) == 0 {
		err = m.writeContent(w)
	} else {
		err = writePart(w, content, m.writeContent)
	}
	for _, a := range m.Attachments {
		if err != nil {
			break
		}
		err = writePart(w, attachmentFields(a), func(pw *message.Writer) error {
			_, err := pw.Write(a.Data)
			return err
		})
	}
	if err != nil {
		return err
	}
	return w.Close()
}

// writeContent writes the text, and the HTML alternative if there is one,
// to w, whose header is that of content in write.
func (m Message) writeContent(w *message.Writer) error {
	if m.HTML == "" {
		_, err := io.WriteString(w, m.Text)
		return err
	}
	for _, p := range []struct{ subtype, body string }{{"plain", m.Text}, {"html", m.HTML}} {
		err := writePart(w, textFields(p.subtype), func(pw *message.Writer) error {
			_, err := io.WriteString(pw, p.body)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// writePart adds a part with the fields to the multipart w and writes its
// body with body.
func writePart(w *message.Writer, fields []field, body func(*message.Writer) error) error {
	pw, err := w.CreatePart(newHeader(fields...))
	if err != nil {
		return err
	}
	if err := body(pw); err != nil {
		return err
	}
	return pw.Close()
}

// fields are the message's own header fields, in the order mail programs
// write them, with every value ready to write (see header.go).
func (m Message) fields() []field {
	fs := []field{
		{"From", addressList("From", []Address{m.From})},
		{"To", addressList("To", m.To)},
	}
	if m.ReplyTo != nil {
		fs = append(fs, field{"Reply-To", addressList("Reply-To", []Address{*m.ReplyTo})})
	}
	fs = append(fs,
		field{"Subject", unstructured("Subject", m.Subject)},
		field{"Date", m.Date.Format(time.RFC1123Z)},
		field{"Message-ID", "<" + m.MessageID + ">"},
	)
	for _, h := range m.Headers {
		fs = append(fs, field{h.Name, extraValue(h)})
	}
	// go-message would add it at the top.
	return append(fs, field{"MIME-Version", "1.0"})
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
		if err := checkAttachment(a); err != nil {
			return err
		}
	}
	return nil
}

// maxFilename is the longest filename file systems accept, in bytes. Even
// percent-encoded (RFC 2231), it fits the 998-character line that
// go-message writes it on.
const maxFilename = 255

func checkAttachment(a Attachment) error {
	if a.Filename == "" {
		return fmt.Errorf("mailmsg: attachment filename: %w", ErrMissingField)
	}
	if err := checkText("attachment filename", a.Filename); err != nil {
		return err
	}
	if strings.Contains(a.Filename, "=?") || len(a.Filename) > maxFilename {
		return fmt.Errorf("mailmsg: attachment filename: %w", ErrInvalidFilename)
	}
	if a.ContentType != "" && !isMediaType(a.ContentType) {
		if hasControl(a.ContentType) {
			return fmt.Errorf("mailmsg: attachment %q content type: %w", a.Filename, ErrHeaderInjection)
		}
		return fmt.Errorf("mailmsg: attachment %q content type %q: %w", a.Filename, a.ContentType, ErrInvalidContentType)
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
	if !isToken(h.Name) {
		return fmt.Errorf("mailmsg: header name %q: %w", h.Name, ErrInvalidHeaderName)
	}
	key := CanonicalHeaderKey(h.Name)
	if isReservedHeader(key) {
		return fmt.Errorf("mailmsg: header %s: %w", key, ErrReservedHeader)
	}
	if err := checkText("header "+key, h.Value); err != nil {
		return err
	}
	// go-message folds at spaces, and splits a word too long for the
	// line (changing the value) only past 998 characters.
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
