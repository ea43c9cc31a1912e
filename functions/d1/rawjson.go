package d1

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// errNotPlain is decodeRaw's answer to a value that is neither null, a
// number, a string nor an array of numbers (a BLOB as D1 returns it).
var errNotPlain = errors.New("d1: a value of a type the JSON reader does not take")

// decodeRaw reads the JSON text of D1's raw({columnNames: true}) answer,
// [[name, ...], [value, ...], ...], into Rows, with values as Binding's
// fromJS makes them: null as nil, a number as int64 when it is whole
// (else float64), a string as string, an array of numbers (a BLOB) as
// []byte.
//
// The Worker gets a page of rows from JavaScript as one string (see
// Binding.Query): walking the answer value by value through syscall/js
// costs several calls into JavaScript, and a finalizer, per value, which
// was most of an export's time. Strings without escapes are slices of s,
// not copies; JSON.stringify escapes only quotes, backslashes, control
// characters and lone surrogates.
func decodeRaw(s string) (Rows, error) {
	d := rawDecoder{s: s}
	var rows Rows
	err := d.arrays(func() error {
		var vals []any
		if rows.Columns != nil {
			vals = make([]any, 0, len(rows.Columns))
		}
		var prev []any
		if len(rows.Values) > 0 {
			prev = rows.Values[len(rows.Values)-1]
		}
		for firstVal := true; ; firstVal = false {
			more, err := d.next(firstVal)
			if err != nil {
				return err
			}
			if !more {
				break
			}
			v, err := d.value(prev, len(vals))
			if err != nil {
				return err
			}
			vals = append(vals, v)
		}
		if rows.Columns == nil {
			cols := make([]string, len(vals))
			for i, v := range vals {
				name, ok := v.(string)
				if !ok {
					return errors.New("d1: a column name that is not a string")
				}
				cols[i] = name
			}
			rows.Columns = cols
			return nil
		}
		rows.Values = append(rows.Values, vals)
		return nil
	})
	return rows, err
}

type rawDecoder struct {
	s string
	i int
}

func (d *rawDecoder) fail() error {
	return errors.New("d1: the answer is not the JSON of rows, at byte " + strconv.Itoa(d.i))
}

func (d *rawDecoder) space() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// next moves to an array's next element: it reports false at the array's
// end (its "]" read), and fails on anything but a comma between elements.
// first is whether no element has been read yet.
func (d *rawDecoder) next(first bool) (bool, error) {
	d.space()
	if d.eat(']') {
		return false, nil
	}
	if !first && !d.eat(',') {
		return false, d.fail()
	}
	d.space()
	return true, nil
}

// arrays reads the whole answer: an array of arrays (the column names,
// then each row). It calls row once for each inner array, its "[" read;
// row reads its elements, up to and with its "]".
func (d *rawDecoder) arrays(row func() error) error {
	d.space()
	if !d.eat('[') {
		return d.fail()
	}
	for first := true; ; first = false {
		more, err := d.next(first)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		if !d.eat('[') {
			return d.fail()
		}
		if err := row(); err != nil {
			return err
		}
	}
	d.space()
	if d.i != len(d.s) {
		return d.fail()
	}
	return nil
}

func (d *rawDecoder) eat(c byte) bool {
	if d.i < len(d.s) && d.s[d.i] == c {
		d.i++
		return true
	}
	return false
}

// value reads one value. A string equal to the one in the same column of
// the row before (prev) is that row's value: a string in an interface
// costs an allocation, and many columns of a page repeat (the channel, the
// status, the purposes, the policy version ...).
func (d *rawDecoder) value(prev []any, col int) (any, error) {
	if d.i >= len(d.s) {
		return nil, d.fail()
	}
	switch c := d.s[d.i]; {
	case c == '"':
		v, err := d.str()
		if err != nil {
			return nil, err
		}
		if col < len(prev) {
			if p, ok := prev[col].(string); ok && p == v {
				return prev[col], nil
			}
		}
		return v, nil
	case c == 'n':
		if strings.HasPrefix(d.s[d.i:], "null") {
			d.i += 4
			return nil, nil
		}
	case c == '-' || '0' <= c && c <= '9':
		return d.number()
	case c == '[':
		return d.blob()
	case c == '{' || c == 't' || c == 'f':
		return nil, errNotPlain
	}
	return nil, d.fail()
}

// number reads a JSON number as fromJS would have made it of the same
// JavaScript number: JSON.stringify writes the shortest text that reads
// back as the same float64.
func (d *rawDecoder) number() (any, error) {
	start := d.i
	whole := true
	for d.i < len(d.s) {
		c := d.s[d.i]
		if '0' <= c && c <= '9' || c == '-' {
			d.i++
			continue
		}
		if c == '.' || c == 'e' || c == 'E' || c == '+' {
			whole = false
			d.i++
			continue
		}
		break
	}
	text := d.s[start:d.i]
	// Up to 15 digits, an integer is exact in a float64 and in an int64.
	if whole && len(text) <= 15 {
		if n, err := strconv.ParseInt(text, 10, 64); err == nil {
			return n, nil
		}
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return nil, d.fail()
	}
	if f == float64(int64(f)) {
		return int64(f), nil
	}
	return f, nil
}

// blob reads an array of byte values.
func (d *rawDecoder) blob() (any, error) {
	d.i++ // [
	b := []byte{}
	for first := true; ; first = false {
		more, err := d.next(first)
		if err != nil {
			return nil, err
		}
		if !more {
			return b, nil
		}
		start := d.i
		for d.i < len(d.s) && '0' <= d.s[d.i] && d.s[d.i] <= '9' {
			d.i++
		}
		n, err := strconv.Atoi(d.s[start:d.i])
		if err != nil || n > 255 {
			return nil, errNotPlain
		}
		b = append(b, byte(n))
	}
}

func (d *rawDecoder) str() (string, error) {
	d.i++ // "
	start := d.i
	end := strings.IndexByte(d.s[start:], '"')
	if end < 0 {
		return "", d.fail()
	}
	v := d.s[start : start+end]
	if strings.IndexByte(v, '\\') >= 0 {
		return d.escaped(start)
	}
	d.i = start + end + 1
	return v, nil
}

// escaped reads the rest of a string that has escapes, from its start.
func (d *rawDecoder) escaped(start int) (string, error) {
	var b strings.Builder
	b.WriteString(d.s[start:d.i])
	for d.i < len(d.s) {
		c := d.s[d.i]
		switch {
		case c == '"':
			d.i++
			return b.String(), nil
		case c != '\\':
			b.WriteByte(c)
			d.i++
			continue
		}
		if d.i+1 >= len(d.s) {
			break
		}
		e := d.s[d.i+1]
		d.i += 2
		switch e {
		case '"', '\\', '/':
			b.WriteByte(e)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, ok := d.hex4()
			if !ok {
				return "", d.fail()
			}
			if utf16.IsSurrogate(r) {
				// A pair is one character; a lone surrogate is what
				// TextEncoder makes of it in JavaScript, U+FFFD.
				r2 := utf8.RuneError
				if strings.HasPrefix(d.s[d.i:], `\u`) {
					save := d.i
					d.i += 2
					if low, ok := d.hex4(); ok && utf16.DecodeRune(r, low) != utf8.RuneError {
						r = utf16.DecodeRune(r, low)
						r2 = -1
					} else {
						d.i = save
					}
				}
				if r2 != -1 {
					r = utf8.RuneError
				}
			}
			b.WriteRune(r)
		default:
			return "", d.fail()
		}
	}
	return "", d.fail()
}

func (d *rawDecoder) hex4() (rune, bool) {
	if d.i+4 > len(d.s) {
		return 0, false
	}
	n, err := strconv.ParseUint(d.s[d.i:d.i+4], 16, 32)
	if err != nil {
		return 0, false
	}
	d.i += 4
	return rune(n), true
}
