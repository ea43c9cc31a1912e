package mailmsg

import (
	"mime"
	"sort"
	"strconv"
	"strings"
)

// parseParams splits a Content-Type or Content-Disposition value into its
// lower-case value ("text/plain", "attachment") and parameters with
// lower-case names. It is lenient about what real mail contains: quoted or
// bare values, bare values with spaces, missing semicolons at the end,
// duplicated parameters (the first wins), and RFC 2231 extended and
// continued parameters (name*=, name*0=, name*0*=), which take precedence
// over the plain form and are converted to UTF-8. If dec is not nil, the
// plain name and filename parameters are cleaned with cleanParam; other
// parameters are never decoded, since decoding a boundary would be wrong.
func parseParams(s string, dec *mime.WordDecoder) (string, map[string]string) {
	value, rest, _ := strings.Cut(s, ";")
	value = strings.ToLower(strings.TrimSpace(stripComment(value)))
	params := map[string]string{}
	extended := map[string]string{}
	type section struct {
		value    string
		extended bool
	}
	sections := map[string]map[int]section{}

	for rest != "" {
		rest = strings.TrimLeft(rest, " \t\r\n;")
		if rest == "" {
			break
		}
		i := strings.IndexAny(rest, "=;")
		if i < 0 {
			break
		}
		if rest[i] == ';' {
			rest = rest[i+1:]
			continue
		}
		name := strings.ToLower(strings.TrimSpace(rest[:i]))
		rest = strings.TrimLeft(rest[i+1:], " \t\r\n")
		var val string
		if strings.HasPrefix(rest, `"`) {
			val, rest = readQuoted(rest)
			if j := strings.IndexByte(rest, ';'); j >= 0 {
				rest = rest[j+1:]
			} else {
				rest = ""
			}
		} else {
			j := strings.IndexByte(rest, ';')
			if j < 0 {
				j = len(rest)
			}
			val = strings.TrimSpace(rest[:j])
			rest = rest[j:]
		}
		if name == "" {
			continue
		}

		base, ext := strings.CutSuffix(name, "*")
		if b, n, ok := strings.Cut(base, "*"); ok {
			idx, err := strconv.Atoi(n)
			if err != nil || idx < 0 || idx > 999 {
				continue
			}
			if sections[b] == nil {
				sections[b] = map[int]section{}
			}
			if _, dup := sections[b][idx]; !dup {
				sections[b][idx] = section{val, ext}
			}
			continue
		}
		if ext {
			if _, dup := extended[base]; !dup {
				extended[base] = decodeExtended(val)
			}
			continue
		}
		if _, dup := params[base]; !dup {
			params[base] = val
		}
	}

	if dec != nil {
		for _, n := range []string{"name", "filename"} {
			if v, ok := params[n]; ok {
				params[n] = cleanParam(dec, v)
			}
		}
	}

	// Continuations, in order and up to the first gap.
	names := make([]string, 0, len(sections))
	for n := range sections {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		secs := sections[n]
		var raw []byte
		charset := ""
		for i := 0; ; i++ {
			sec, ok := secs[i]
			if !ok {
				break
			}
			v := sec.value
			if sec.extended {
				if i == 0 {
					charset, v = splitExtended(v)
				}
				raw = append(raw, percentDecode(v)...)
			} else {
				raw = append(raw, v...)
			}
		}
		if _, ok := secs[0]; ok {
			params[n] = decodeCharset(charset, raw)
		}
	}
	for n, v := range extended {
		params[n] = v
	}
	return value, params
}

// readQuoted reads a quoted-string at the start of s and returns its
// content and the rest. An unterminated string runs to the end.
func readQuoted(s string) (string, string) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 < len(s) {
				i++
			}
			b.WriteByte(s[i])
		case '"':
			return b.String(), s[i+1:]
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String(), ""
}

// stripComment removes a trailing RFC 822 comment, as in
// "base64 (encoded by X)".
func stripComment(s string) string {
	if i := strings.IndexByte(s, '('); i >= 0 {
		return s[:i]
	}
	return s
}

// splitExtended splits an RFC 2231 value charset'language'text.
func splitExtended(v string) (charset, text string) {
	c, rest, ok := strings.Cut(v, "'")
	if !ok {
		return "", v
	}
	_, text, ok = strings.Cut(rest, "'")
	if !ok {
		return c, rest
	}
	return c, text
}

func decodeExtended(v string) string {
	charset, text := splitExtended(v)
	return decodeCharset(charset, percentDecode(text))
}

// paramTokens returns name=value for a header parameter as one or more
// words for headerWriter: a quoted-string when the value is short printable
// ASCII that no decoder will alter, otherwise RFC 2231 percent-encoded
// UTF-8, split into continuations short enough to fold.
func paramTokens(name, value string) []string {
	const maxParam = 60
	if value != "" && isPrintableASCII(value) && !strings.ContainsAny(value, `"\`) &&
		!strings.Contains(value, "=?") && len(name)+len(value)+3 <= maxParam {
		return []string{name + "=" + quote(value)}
	}
	enc := "utf-8''" + percentEncode(value)
	if len(name)+2+len(enc) <= maxParam {
		return []string{name + "*=" + enc}
	}
	var toks []string
	for i := 0; enc != ""; i++ {
		prefix := name + "*" + strconv.Itoa(i) + "*="
		n := min(len(enc), maxParam-len(prefix))
		if n < len(enc) {
			// Do not split a %XX escape, nor a UTF-8 sequence, which
			// some readers decode section by section.
			if j := strings.LastIndexByte(enc[:n], '%'); j >= 0 && j > n-3 {
				n = j
			}
			for n >= 3 && enc[n] == '%' && enc[n-3] == '%' && isContinuation(enc[n+1:n+3]) {
				n -= 3
			}
		}
		toks = append(toks, prefix+enc[:n])
		enc = enc[n:]
	}
	return toks
}

// isContinuation reports whether the hex digits h encode a UTF-8
// continuation byte (0x80-0xBF).
func isContinuation(h string) bool {
	return h[0] == '8' || h[0] == '9' || h[0] == 'A' || h[0] == 'B'
}

// percentEncode escapes everything but RFC 2231 attribute-chars.
func percentEncode(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

// isMediaType reports whether s is a bare type/subtype of tokens.
func isMediaType(s string) bool {
	t, sub, ok := strings.Cut(s, "/")
	return ok && isToken(t) && isToken(sub)
}
