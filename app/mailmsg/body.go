package mailmsg

import (
	"bytes"
	"encoding/base64"
	"strings"
)

// part is a composed MIME entity: its header lines (each ending in CRLF) and
// its encoded body.
type part struct {
	header []byte
	body   []byte
}

func (p *part) writeTo(b *bytes.Buffer) {
	b.Write(p.header)
	b.WriteString("\r\n")
	b.Write(p.body)
}

// newPart returns a part whose headers are written by fn.
func newPart(fn func(w *headerWriter), body []byte) *part {
	var h bytes.Buffer
	fn(&headerWriter{buf: &h})
	return &part{header: h.Bytes(), body: body}
}

// textPart returns a text/<subtype> part in UTF-8, quoted-printable so that
// lines stay short and 8-bit-unsafe relays cannot damage it.
func textPart(subtype, text string) *part {
	return newPart(func(w *headerWriter) {
		w.start("Content-Type")
		w.token("text/" + subtype + ";")
		w.token("charset=utf-8")
		w.end()
		w.start("Content-Transfer-Encoding")
		w.token("quoted-printable")
		w.end()
	}, encodeQP(text))
}

// attachmentPart returns a base64 part, the only transfer encoding that
// carries arbitrary bytes through every relay unchanged.
func attachmentPart(a Attachment) *part {
	ct := strings.ToLower(a.ContentType)
	if ct == "" {
		ct = "application/octet-stream"
	}
	return newPart(func(w *headerWriter) {
		w.start("Content-Type")
		params(w, ct, paramTokens("name", a.Filename))
		w.end()
		w.start("Content-Disposition")
		params(w, "attachment", paramTokens("filename", a.Filename))
		w.end()
		w.start("Content-Transfer-Encoding")
		w.token("base64")
		w.end()
	}, encodeBase64(a.Data))
}

// params writes a value and its parameters separated by semicolons.
func params(w *headerWriter, value string, params []string) {
	w.token(value + ";")
	for i, p := range params {
		if i < len(params)-1 {
			p += ";"
		}
		w.token(p)
	}
}

// multipart returns a multipart/<subtype> part. It fails with
// errBoundaryCollision if a child contains the delimiter, which would cut
// it short when read.
func multipart(subtype, boundary string, children ...*part) (*part, error) {
	var body bytes.Buffer
	delim := []byte("--" + boundary)
	for _, c := range children {
		if bytes.Contains(c.header, delim) || bytes.Contains(c.body, delim) {
			return nil, errBoundaryCollision
		}
		body.Write(delim)
		body.WriteString("\r\n")
		c.writeTo(&body)
		// The CRLF before a delimiter belongs to the delimiter, so a body
		// that ends in CRLF keeps it.
		body.WriteString("\r\n")
	}
	body.Write(delim)
	body.WriteString("--\r\n")
	return newPart(func(w *headerWriter) {
		w.start("Content-Type")
		w.token("multipart/" + subtype + ";")
		w.token(`boundary="` + boundary + `"`)
		w.end()
	}, body.Bytes()), nil
}

// encodeQP encodes text as quoted-printable with CRLF line breaks and lines
// of at most 76 characters. Any line ending (CRLF, LF, CR) becomes a hard
// line break. The output always ends in CRLF; when the text does not end in
// a line break, that CRLF follows a soft break ("=") so decoding gives the
// text back without an added newline. A line starting with "From " has its
// F encoded, so an mbox-style relay cannot turn it into ">From ".
func encodeQP(text string) []byte {
	const hexDigits = "0123456789ABCDEF"
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	lines := strings.Split(text, "\n")
	var b bytes.Buffer
	for li, line := range lines {
		last := li == len(lines)-1
		if last && line == "" {
			break // text ended with a line break
		}
		n := 0 // characters on the current output line
		for i := 0; i < len(line); i++ {
			c := line[i]
			lit := c >= '!' && c <= '~' && c != '=' ||
				(c == ' ' || c == '\t') && i < len(line)-1
			if i == 0 && strings.HasPrefix(line, "From ") {
				lit = false
			}
			enc := 1
			if !lit {
				enc = 3
			}
			if n+enc > 75 {
				b.WriteString("=\r\n")
				n = 0
			}
			if lit {
				b.WriteByte(c)
			} else {
				b.WriteByte('=')
				b.WriteByte(hexDigits[c>>4])
				b.WriteByte(hexDigits[c&15])
			}
			n += enc
		}
		if last {
			b.WriteString("=")
		}
		b.WriteString("\r\n")
	}
	return b.Bytes()
}

// encodeBase64 encodes data in lines of 76 characters, each ending in CRLF.
func encodeBase64(data []byte) []byte {
	enc := base64.StdEncoding.EncodeToString(data)
	var b bytes.Buffer
	for len(enc) > 76 {
		b.WriteString(enc[:76])
		b.WriteString("\r\n")
		enc = enc[76:]
	}
	if enc != "" {
		b.WriteString(enc)
		b.WriteString("\r\n")
	}
	return b.Bytes()
}

// decodeQP decodes quoted-printable leniently: soft breaks after CRLF or
// LF, trailing white space added in transit dropped, malformed escapes kept
// as they are. Hard line breaks become CRLF, their canonical form.
func decodeQP(b []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(b))
	for len(b) > 0 {
		line, rest, hasNL := bytes.Cut(b, []byte("\n"))
		b = rest
		line = bytes.TrimRight(line, " \t\r")
		soft := false
		if n := len(line); n > 0 && line[n-1] == '=' {
			soft = true
			line = line[:n-1]
		}
		for i := 0; i < len(line); i++ {
			if line[i] == '=' && i+2 < len(line) && isHex(line[i+1]) && isHex(line[i+2]) {
				out.WriteByte(unhex(line[i+1])<<4 | unhex(line[i+2]))
				i += 2
				continue
			}
			out.WriteByte(line[i])
		}
		if hasNL && !soft {
			out.WriteString("\r\n")
		}
	}
	return out.Bytes()
}

// decodeBase64 decodes base64 with any line length and white space. It also
// accepts data that was encoded in pieces, with padding in the middle, as
// some encoders do line by line. Anything else is an error, because a
// silently damaged attachment would only show up as a bad signature.
func decodeBase64(b []byte) ([]byte, error) {
	out := make([]byte, 0, len(b)*3/4)
	chunk := make([]byte, 0, len(b))
	flush := func() error {
		if len(chunk) == 0 {
			return nil
		}
		buf := make([]byte, base64.RawStdEncoding.DecodedLen(len(chunk)))
		n, err := base64.RawStdEncoding.Decode(buf, chunk)
		if err != nil {
			return err
		}
		out = append(out, buf[:n]...)
		chunk = chunk[:0]
		return nil
	}
	for _, c := range b {
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
		case c == '=':
			if err := flush(); err != nil {
				return nil, err
			}
		default:
			chunk = append(chunk, c)
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return out, nil
}
