package mailmsg

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/textproto"
)

// Errors returned by Parse, wrapped with context.
var (
	// ErrTooDeep means multiparts are nested more than MaxNesting levels.
	ErrTooDeep = errors.New("multiparts nested too deeply")
	// ErrTooManyParts means a message has more than 1000 MIME parts.
	ErrTooManyParts = errors.New("too many MIME parts")
	// ErrMalformed means a part cannot be read: a part's header that is
	// not a header, or content that cannot be decoded, such as base64 with
	// characters outside the alphabet (Parse fails rather than return an
	// attachment that is not what was sent), or an entity with an absurd
	// number of header fields.
	ErrMalformed = errors.New("malformed MIME part")
)

// maxParts bounds the work Parse does for a message made of many tiny
// parts; real mail has a handful.
const maxParts = 1000

// maxFields bounds the header fields of one entity; real mail has well
// under a hundred, even after many relays.
const maxFields = 5000

// Parsed is a received message as the browser app and the CLI need it: its
// top-level headers, its text and HTML bodies, and its attachments.
type Parsed struct {
	// Header holds the top-level header fields by canonical name (see
	// CanonicalHeaderKey), in the order they appear, unfolded, trimmed and
	// with RFC 2047 encoded-words decoded.
	Header map[string][]string
	// Text and HTML are the first text/plain and text/html parts that are
	// not attachments, converted to UTF-8, with LF line endings.
	Text, HTML string
	// Attachments are the parts with a Content-Disposition of attachment
	// or with a filename (Content-Disposition filename or Content-Type
	// name), in message order, with their exact decoded bytes.
	Attachments []Attachment

	// raw holds the header values before RFC 2047 decoding, which
	// Addresses needs to tell a comma in a name from one between
	// addresses.
	raw map[string][]string
}

// Parse reads a message as received or saved by a mail client (.eml). It
// accepts CRLF or bare LF line endings, folded headers in any case, headers
// added by relays, nested multiparts, quoted or bare parameters, RFC 2231
// and encoded-word filenames, the base64, quoted-printable, 7bit, 8bit and
// binary transfer encodings, and UTF-8, ISO-8859-1, ISO-8859-15 and
// Windows-1252 text. Input larger than MaxMessageSize or nested deeper than
// MaxNesting is rejected.
func Parse(raw []byte) (*Parsed, error) {
	if len(raw) > MaxMessageSize {
		return nil, fmt.Errorf("mailmsg: %w", ErrTooLarge)
	}
	raw = bytes.TrimPrefix(raw, []byte("\uFEFF"))
	head, body := headerLines(raw)
	h, err := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(head)))
	if err != nil {
		return nil, fmt.Errorf("mailmsg: header: %w: %v", ErrMalformed, err)
	}
	ps := parser{
		dec: newWordDecoder(),
		p:   &Parsed{Header: map[string][]string{}, raw: map[string][]string{}},
		nl:  "\n",
	}
	if line, _, _ := bytes.Cut(raw, []byte("\n")); bytes.HasSuffix(line, []byte("\r")) {
		ps.nl = "\r\n"
	}
	for f := h.Fields(); f.Next(); {
		v := unfold(f)
		ps.p.raw[f.Key()] = append(ps.p.raw[f.Key()], v)
		ps.p.Header[f.Key()] = append(ps.p.Header[f.Key()], decodeHeader(ps.dec, v))
	}
	if err := ps.entity(h, bytes.NewReader(body), 0); err != nil {
		return nil, err
	}
	return ps.p, nil
}

// Get returns the first value of the named header (any case), or "".
func (p *Parsed) Get(name string) string {
	if v := p.Header[CanonicalHeaderKey(name)]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Attachment returns the first attachment with exactly this filename, so
// the verifier can ask for "request.json" and "request.json.sig".
func (p *Parsed) Attachment(filename string) (Attachment, bool) {
	for _, a := range p.Attachments {
		if a.Filename == filename {
			return a, true
		}
	}
	return Attachment{}, false
}

// Addresses returns the mailboxes in every instance of an address header
// (From, To, Cc, Reply-To, ...), with display names decoded, as net/mail
// reads them (groups and comments included). An instance net/mail cannot
// read adds nothing; Addresses returns nil if the header is absent.
func (p *Parsed) Addresses(name string) []Address {
	parser := mail.AddressParser{WordDecoder: newWordDecoder()}
	var out []Address
	for _, v := range p.raw[CanonicalHeaderKey(name)] {
		if !utf8.ValidString(v) {
			v = decodeCharset("windows-1252", []byte(v)) // as decodeHeader does
		}
		list, _ := parser.ParseList(v)
		for _, a := range list {
			out = append(out, Address{Name: toValidUTF8(a.Name), Email: a.Address})
		}
	}
	return out
}

// parser holds the state of one Parse call.
type parser struct {
	dec            *mime.WordDecoder
	p              *Parsed
	nl             string // the message's line ending
	parts          int
	gotText, gotHT bool
}

// entity handles one MIME entity: it recurses into a multipart and files a
// leaf as text, HTML or attachment. depth is the number of enclosing
// multiparts.
func (ps *parser) entity(h textproto.Header, body io.Reader, depth int) error {
	ps.parts++
	if ps.parts > maxParts {
		return fmt.Errorf("mailmsg: %w", ErrTooManyParts)
	}
	if h.Len() > maxFields {
		return fmt.Errorf("mailmsg: part with %d header fields: %w", h.Len(), ErrMalformed)
	}
	mediaType, params := ps.params(h, "Content-Type")
	if !strings.Contains(mediaType, "/") {
		mediaType = "text/plain"
	}
	if boundary := params["boundary"]; strings.HasPrefix(mediaType, "multipart/") && boundary != "" {
		if depth >= MaxNesting {
			return fmt.Errorf("mailmsg: %w", ErrTooDeep)
		}
		// A body cut off before its closing delimiter keeps its last
		// part: the reader finds the delimiter it expects after the end.
		// After a complete body, it is epilogue and never read.
		closing := strings.NewReader(ps.nl + "--" + boundary + "--" + ps.nl)
		mr := textproto.NewMultipartReader(io.MultiReader(body, closing), boundary)
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("mailmsg: %s part: %w: %v", mediaType, ErrMalformed, err)
			}
			if err := ps.entity(part.Header, part, depth+1); err != nil {
				return err
			}
		}
	}

	disposition, dparams := ps.params(h, "Content-Disposition")
	filename := dparams["filename"]
	if filename == "" {
		filename = params["name"]
	}
	data, err := decodeBody(h, body)
	if err != nil {
		return fmt.Errorf("mailmsg: %s part %q: %w: %v", mediaType, filename, ErrMalformed, err)
	}
	switch {
	case disposition == "attachment" || filename != "":
		ps.p.Attachments = append(ps.p.Attachments, Attachment{Filename: filename, ContentType: mediaType, Data: data})
	case mediaType == "text/plain" && !ps.gotText:
		ps.p.Text, ps.gotText = bodyText(params["charset"], data), true
	case mediaType == "text/html" && !ps.gotHT:
		ps.p.HTML, ps.gotHT = bodyText(params["charset"], data), true
	}
	return nil
}

// decodeBody undoes a leaf's Content-Transfer-Encoding with go-message,
// which is lenient about white space in base64 and about soft line breaks
// and stray "=" in quoted-printable. go-message is given that one field,
// so it never converts a charset: text is converted by bodyText, and
// attachments keep their exact bytes. An unknown encoding is read like
// binary: the bytes are returned as they are.
func decodeBody(h textproto.Header, body io.Reader) ([]byte, error) {
	// A comment, as in "base64 (encoded by X)", is allowed here.
	enc, _, _ := strings.Cut(h.Get("Content-Transfer-Encoding"), "(")
	var th message.Header
	th.Set("Content-Transfer-Encoding", strings.TrimSpace(enc))
	e, err := message.New(th, body)
	if err != nil && !message.IsUnknownEncoding(err) {
		return nil, err
	}
	return io.ReadAll(e.Body)
}

// bodyText converts a text part to UTF-8 with LF line endings.
func bodyText(charset string, data []byte) string {
	s := decodeCharset(charset, data)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// params parses a Content-Type or Content-Disposition field with
// mime.ParseMediaType, as go-message does, into its lower-case value and
// parameters, RFC 2231 included. A field that ParseMediaType refuses is
// rewritten by repairParams and tried again, and at worst its value is
// kept without parameters. Only name and filename are decoded as RFC 2047
// (Gmail and Outlook write them so, although the standard forbids it), and
// 8-bit text in them that is not UTF-8 is read as Windows-1252; a boundary
// is used as it is written.
func (ps *parser) params(h textproto.Header, key string) (string, map[string]string) {
	v := h.Get(key)
	value, params, err := mime.ParseMediaType(v)
	if err != nil {
		value, params, err = mime.ParseMediaType(repairParams(v))
	}
	if err != nil {
		value, _, _ = strings.Cut(v, ";")
		value, _, _ = strings.Cut(value, "(")
		return strings.ToLower(strings.TrimSpace(value)), nil
	}
	for _, n := range []string{"name", "filename"} {
		if p, ok := params[n]; ok {
			params[n] = decodeHeader(ps.dec, p)
		}
	}
	return value, params
}

// repairParams rewrites a field value as mime.ParseMediaType wants it,
// undoing the mistakes mail programs make: values with spaces or specials
// left unquoted (a boundary with "=", a filename with spaces), a quote left
// open, empty or valueless parameters, and a parameter given twice (the
// first wins).
func repairParams(v string) string {
	value, rest, _ := strings.Cut(v, ";")
	params := map[string]string{}
	for rest != "" {
		var param string
		param, rest = cutParam(rest)
		name, val, ok := strings.Cut(param, "=")
		name = strings.ToLower(strings.TrimSpace(name))
		if _, dup := params[name]; ok && isToken(name) && !dup {
			params[name] = unquote(strings.TrimSpace(val))
		}
	}
	return mime.FormatMediaType(strings.TrimSpace(value), params)
}

// cutParam cuts s at the first semicolon outside a quoted-string.
func cutParam(s string) (param, rest string) {
	quoted := false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && quoted:
			i++
		case s[i] == '"':
			quoted = !quoted
		case s[i] == ';' && !quoted:
			return s[:i], s[i+1:]
		}
	}
	return s, ""
}

// unquote returns the content of a quoted-string, which may be left open,
// or s itself if it is not quoted.
func unquote(s string) string {
	if !strings.HasPrefix(s, `"`) {
		return s
	}
	var b strings.Builder
	for i := 1; i < len(s) && s[i] != '"'; i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// headerLines splits a message at the first empty line into its header
// fields and its body. Lines that are neither a field nor the continuation
// of one are left out, so that an mbox "From " line or garbage inserted in
// transit does not hide the rest (textproto.ReadHeader stops at them).
func headerLines(raw []byte) (head, body []byte) {
	keep := false // whether the current field, and so its continuations, is kept
	for len(raw) > 0 {
		end := bytes.IndexByte(raw, '\n') + 1
		if end == 0 {
			end = len(raw)
		}
		line := raw[:end]
		raw = raw[end:]
		switch text := bytes.TrimRight(line, "\r\n"); {
		case len(text) == 0:
			return head, raw
		case text[0] != ' ' && text[0] != '\t':
			name, _, ok := bytes.Cut(text, []byte(":"))
			keep = ok && isFieldName(bytes.TrimRight(name, " \t"))
		}
		if keep {
			head = append(head, line...)
		}
	}
	return head, nil
}

// isFieldName reports whether b is an RFC 5322 field-name: printable ASCII
// other than colon and space.
func isFieldName(b []byte) bool {
	return len(b) > 0 && only(string(b), func(c byte) bool { return '!' <= c && c <= '~' && c != ':' })
}

// unfold returns a field's value as RFC 5322 unfolds it: the line breaks
// taken out, every space and tab kept but those around the value. (The
// value go-message gives joins the lines with single spaces.)
func unfold(f textproto.HeaderFields) string {
	raw, _ := f.Raw()
	_, v, _ := bytes.Cut(raw, []byte(":"))
	v = bytes.ReplaceAll(bytes.ReplaceAll(v, []byte("\r"), nil), []byte("\n"), nil)
	return string(bytes.Trim(v, " \t"))
}
