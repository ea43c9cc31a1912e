package mailmsg

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"
)

// Errors returned by Parse, wrapped with context.
var (
	// ErrTooDeep means multiparts are nested more than MaxNesting levels.
	ErrTooDeep = errors.New("multiparts nested too deeply")
	// ErrTooManyParts means a message has more than 1000 MIME parts.
	ErrTooManyParts = errors.New("too many MIME parts")
	// ErrMalformed means a part's content cannot be decoded, such as
	// base64 with characters outside the alphabet (Parse fails rather than
	// return an attachment that is not what was sent), or that an entity
	// has an absurd number of header fields.
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
	fields, body := splitHeader(raw, true)
	if len(fields) > maxFields {
		return nil, fmt.Errorf("mailmsg: %d header fields: %w", len(fields), ErrMalformed)
	}
	ps := parser{
		dec: newWordDecoder(),
		p:   &Parsed{Header: map[string][]string{}, raw: map[string][]string{}},
	}
	for _, f := range fields {
		key := CanonicalHeaderKey(f.name)
		ps.p.raw[key] = append(ps.p.raw[key], f.value)
		ps.p.Header[key] = append(ps.p.Header[key], decodeHeader(ps.dec, f.value))
	}
	if err := ps.entity(fields, body, 0); err != nil {
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
// (From, To, Cc, Reply-To, ...), with display names decoded. It reads the
// header leniently and skips what is not a mailbox; it returns nil if the
// header is absent.
func (p *Parsed) Addresses(name string) []Address {
	dec := newWordDecoder()
	var out []Address
	for _, v := range p.raw[CanonicalHeaderKey(name)] {
		if !utf8.ValidString(v) {
			v = latin1([]byte(v), cp1252) // as decodeHeader does
		}
		out = append(out, parseAddressList(v, dec)...)
	}
	return out
}

// parser holds the state of one Parse call.
type parser struct {
	dec            *mime.WordDecoder
	p              *Parsed
	parts          int
	gotText, gotHT bool
}

// entity handles one MIME entity: it recurses into a multipart and files a
// leaf as text, HTML or attachment. depth is the number of enclosing
// multiparts.
func (ps *parser) entity(fields []field, body []byte, depth int) error {
	ps.parts++
	if ps.parts > maxParts {
		return fmt.Errorf("mailmsg: %w", ErrTooManyParts)
	}
	mediaType, params := parseParams(fieldValue(fields, "Content-Type"), ps.dec)
	if mediaType == "" || !strings.Contains(mediaType, "/") {
		mediaType = "text/plain"
	}
	if strings.HasPrefix(mediaType, "multipart/") && params["boundary"] != "" {
		if depth >= MaxNesting {
			return fmt.Errorf("mailmsg: %w", ErrTooDeep)
		}
		for _, raw := range splitMultipart(body, params["boundary"]) {
			f, b := splitHeader(raw, false)
			if len(f) > maxFields {
				return fmt.Errorf("mailmsg: part with %d header fields: %w", len(f), ErrMalformed)
			}
			if err := ps.entity(f, b, depth+1); err != nil {
				return err
			}
		}
		return nil
	}

	disposition, dparams := parseParams(fieldValue(fields, "Content-Disposition"), ps.dec)
	filename := dparams["filename"]
	if filename == "" {
		filename = params["name"]
	}
	encoding, _ := parseParams(fieldValue(fields, "Content-Transfer-Encoding"), nil)
	data, err := decodeBody(encoding, body)
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

// bodyText converts a text part to UTF-8 with LF line endings.
func bodyText(charset string, data []byte) string {
	s := decodeCharset(charset, data)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// decodeBody undoes the Content-Transfer-Encoding. Unknown encodings are
// treated like binary: the bytes are returned as they are.
func decodeBody(encoding string, body []byte) ([]byte, error) {
	switch encoding {
	case "base64":
		return decodeBase64(body)
	case "quoted-printable":
		return decodeQP(body), nil
	}
	return bytes.Clone(body), nil
}

// field is one header field, unfolded but not decoded.
type field struct {
	name, value string
}

// fieldValue returns the value of the first field with the name, ignoring
// case.
func fieldValue(fields []field, name string) string {
	for _, f := range fields {
		if strings.EqualFold(f.name, name) {
			return f.value
		}
	}
	return ""
}

// splitHeader splits an entity into its header fields and its body at the
// first empty line. Lines that are not header fields are skipped, so that
// an mbox "From " line or garbage inserted in transit does not hide the
// rest. If the entity does not start with a header field, it has no header
// (top is false: a MIME part) or the line is skipped (top is true: a
// message, which may start with an mbox line).
func splitHeader(b []byte, top bool) ([]field, []byte) {
	var fields []field
	var cur *field
	var folded []byte
	finish := func() {
		if cur != nil {
			cur.value = strings.Trim(string(unfold(folded)), " \t")
			fields = append(fields, *cur)
			cur = nil
		}
	}
	for i := 0; i < len(b); {
		end := bytes.IndexByte(b[i:], '\n')
		next := len(b)
		if end >= 0 {
			next = i + end + 1
		} else {
			end = len(b) - i
		}
		line := bytes.TrimRight(b[i:i+end], "\r")
		switch {
		case len(line) == 0:
			finish()
			return fields, b[next:]
		case line[0] == ' ' || line[0] == '\t':
			if cur != nil {
				folded = append(folded, line...)
			}
		default:
			finish()
			name, value, ok := bytes.Cut(line, []byte(":"))
			name = bytes.TrimRight(name, " \t")
			if ok && isFieldName(name) {
				cur = &field{name: string(name)}
				folded = append(folded[:0], value...)
			} else if i == 0 && !top {
				return nil, b
			}
		}
		i = next
	}
	finish()
	return fields, nil
}

// unfold drops stray CR and LF left in a header value.
func unfold(b []byte) []byte {
	if bytes.IndexAny(b, "\r\n") < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	for _, c := range b {
		if c != '\r' && c != '\n' {
			out = append(out, c)
		}
	}
	return out
}

// isFieldName reports whether b is an RFC 5322 field-name: printable ASCII
// other than colon and space.
func isFieldName(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c <= ' ' || c > '~' || c == ':' {
			return false
		}
	}
	return true
}

// splitMultipart returns the body parts of a multipart body: what lies
// between delimiter lines ("--boundary" at the start of a line, followed
// only by white space), without the line break before each delimiter,
// which belongs to the delimiter. The preamble and epilogue are dropped. A
// body cut off before its closing delimiter keeps its last part.
func splitMultipart(body []byte, boundary string) [][]byte {
	delim := []byte("--" + boundary)
	var parts [][]byte
	start := -1
	for pos := 0; pos < len(body); {
		i := bytes.Index(body[pos:], delim)
		if i < 0 {
			break
		}
		i += pos
		pos = i + 1
		if i > 0 && body[i-1] != '\n' {
			continue
		}
		rest := body[i+len(delim):]
		closing := bytes.HasPrefix(rest, []byte("--"))
		eol := bytes.IndexByte(rest, '\n')
		if eol < 0 {
			eol = len(rest)
		}
		if !closing && len(bytes.Trim(rest[:eol], " \t\r")) != 0 {
			continue // a longer boundary that starts with this one
		}
		if start >= 0 {
			end := i
			if end > start && body[end-1] == '\n' {
				end--
				if end > start && body[end-1] == '\r' {
					end--
				}
			}
			parts = append(parts, body[start:end])
		}
		if closing {
			return parts
		}
		start = min(i+len(delim)+eol+1, len(body))
		pos = start
	}
	if start >= 0 {
		parts = append(parts, body[start:])
	}
	return parts
}

// cleanParam makes a plain parameter value readable: encoded-words (which
// Gmail and Outlook put in filenames, although RFC 2047 forbids it) are
// decoded and 8-bit text that is not UTF-8 is read as Windows-1252.
func cleanParam(dec *mime.WordDecoder, s string) string {
	if strings.Contains(s, "=?") {
		return decodeHeader(dec, s)
	}
	if !utf8.ValidString(s) {
		return latin1([]byte(s), cp1252)
	}
	return s
}
