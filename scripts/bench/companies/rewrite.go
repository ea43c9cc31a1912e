package main

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"privacyportal/site/provenance"
)

// How a company's words are changed.
//
// A citation is a quotation: the provenance check looks each one up in the
// statement as a substring (white space aside), and each quoted field in
// the citations of its own field. Nothing points at a sentence by number,
// so the sentences may change freely, as long as every string of the file
// and the statement change alike: if a quotation q is found in the
// statement s, then rewrite(q) must be found in rewrite(s).
//
// rewrite replaces whole words and fixed phrases (rules) in one pass from
// left to right, copying everything else as it is, so it commutes with
// taking a substring as long as no quotation begins or ends inside a
// replaced phrase or inside a word: "navn" quoted out of "navnet" stays
// "navn", and a rule for "navnet" would leave the quotation behind. Such
// rules are found per seed before anything is generated (freeze) and left
// out for that seed, so the check passes by construction; the generator
// still checks every company it writes.

// ruleKind says where a rule applies.
type ruleKind uint8

const (
	// prose rules are words of the language (the synonym tables): they
	// never apply inside an e-mail address or a web address.
	prose ruleKind = iota
	// ident rules are the company's own names, addresses and numbers:
	// they apply everywhere, inside addresses too.
	ident
)

// A rule replaces a word or phrase of a seed with the company's own.
type rule struct {
	// lit is the text replaced, words separated by single spaces (any run
	// of white space in the text matches a space). It begins and ends with
	// a letter or digit, and matches only whole words.
	lit string
	// digits says lit is a number written with or without separators:
	// "95496000" also matches "95 49 60 00" and "954.96.000". The
	// replacement keeps the separators of the text.
	digits bool
	kind   ruleKind
	// repl gives the replacement in a company (for digits, the digits).
	repl func(p *profile) string
}

// rules is the set of rules of one seed, indexed by the first word of
// their text.
type rules struct {
	list    []rule
	byWord  map[string][]int // first word of lit → rules, longest first
	numbers []int            // rules with digits
}

func newRules(list []rule) *rules {
	rs := &rules{byWord: map[string][]int{}}
	seen := map[string]bool{}
	for _, r := range list {
		if r.lit == "" || seen[r.lit] {
			continue // the first rule for a text wins: ident rules come first
		}
		seen[r.lit] = true
		i := len(rs.list)
		rs.list = append(rs.list, r)
		if r.digits {
			rs.numbers = append(rs.numbers, i)
			continue
		}
		w := r.lit[:wordEnd(r.lit, 0)]
		rs.byWord[w] = append(rs.byWord[w], i)
	}
	for _, ids := range rs.byWord {
		slices.SortFunc(ids, func(a, b int) int {
			return cmp.Or(cmp.Compare(len(rs.list[b].lit), len(rs.list[a].lit)), cmp.Compare(rs.list[a].lit, rs.list[b].lit))
		})
	}
	return rs
}

// span is one replacement in a text: bytes [start, end) matched rule.
type span struct{ start, end, rule int }

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// wordEnd returns the end of the run of letters and digits at i.
func wordEnd(s string, i int) int {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isWord(r) {
			break
		}
		i += n
	}
	return i
}

// boundary reports whether no letter or digit follows s[:i].
func boundary(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return !isWord(r)
}

// matchText matches lit at s[i:], any run of white space for a space, and
// returns where the match ends.
func matchText(s string, i int, lit string) (int, bool) {
	for j := 0; j < len(lit); j++ {
		if lit[j] == ' ' {
			start := i
			for i < len(s) {
				r, n := utf8.DecodeRuneInString(s[i:])
				if !unicode.IsSpace(r) {
					break
				}
				i += n
			}
			if i == start {
				return 0, false
			}
			continue
		}
		if i >= len(s) || s[i] != lit[j] {
			return 0, false
		}
		i++
	}
	return i, boundary(s, i)
}

// numberSeparator reports whether r may stand between the digits of a
// number: "95 49 60 00", "985.758.220".
func numberSeparator(r rune) bool { return r == ' ' || r == '\u00a0' || r == '.' || r == '-' }

// matchDigits matches the digits at s[i:], with at most one separator
// between two of them.
func matchDigits(s string, i int, digits string) (int, bool) {
	for k := 0; k < len(digits); k++ {
		if k > 0 && i < len(s) && s[i] != digits[k] {
			if r, n := utf8.DecodeRuneInString(s[i:]); numberSeparator(r) {
				i += n
			}
		}
		if i >= len(s) || s[i] != digits[k] {
			return 0, false
		}
		i++
	}
	return i, boundary(s, i)
}

// addressLike reports whether a run of text without white space is an
// e-mail or web address, where words of the language are not replaced.
func addressLike(run string) bool {
	return strings.Contains(run, "@") || strings.Contains(run, "://") || strings.Contains(run, "www.")
}

// scan finds the replacements in s, leaving out the rules that are off.
// It visits every word from the left: the longest rule that matches there
// wins, and a word no rule matches is passed over whole.
func (rs *rules) scan(s string, off []bool) []span {
	var spans []span
	runEnd, inAddress := -1, false
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isWord(r) {
			i += n
			continue
		}
		if i >= runEnd {
			start := strings.LastIndexFunc(s[:i], unicode.IsSpace) + 1
			runEnd = strings.IndexFunc(s[i:], unicode.IsSpace)
			if runEnd < 0 {
				runEnd = len(s)
			} else {
				runEnd += i
			}
			inAddress = addressLike(s[start:runEnd])
		}
		end := wordEnd(s, i)
		best, bestEnd := -1, 0
		try := func(id, e int) {
			if e > bestEnd {
				best, bestEnd = id, e
			}
		}
		for _, id := range rs.byWord[s[i:end]] {
			if off[id] || inAddress && rs.list[id].kind == prose {
				continue
			}
			if e, ok := matchText(s, i, rs.list[id].lit); ok {
				try(id, e)
			}
		}
		if r >= '0' && r <= '9' {
			for _, id := range rs.numbers {
				if off[id] {
					continue
				}
				if e, ok := matchDigits(s, i, rs.list[id].lit); ok {
					try(id, e)
				}
			}
		}
		if best < 0 {
			i = end
			continue
		}
		spans = append(spans, span{i, bestEnd, best})
		i = bestEnd
	}
	return spans
}

// rewrite returns s with the replacements of a company. repl holds each
// rule's replacement for the company.
//
// s must hold none of the characters stripInvisible removes (load strips
// them from the seeds).
func (rs *rules) rewrite(s string, off []bool, repl []string) string {
	spans := rs.scan(s, off)
	if len(spans) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	last := 0
	for _, sp := range spans {
		b.WriteString(s[last:sp.start])
		if rs.list[sp.rule].digits {
			writeDigits(&b, s[sp.start:sp.end], repl[sp.rule])
		} else {
			b.WriteString(repl[sp.rule])
		}
		last = sp.end
	}
	b.WriteString(s[last:])
	return b.String()
}

// writeDigits writes matched with its digits, in order, replaced by those
// of digits.
func writeDigits(b *strings.Builder, matched, digits string) {
	k := 0
	for i := 0; i < len(matched); i++ {
		if c := matched[i]; c >= '0' && c <= '9' && k < len(digits) {
			b.WriteByte(digits[k])
			k++
		} else {
			b.WriteByte(c)
		}
	}
}

// stripInvisible removes the characters provenance.Normalize drops (soft
// hyphens, zero-width characters), which would otherwise split a word in
// two for the rules but not for the check.
func stripInvisible(s string) string {
	if !strings.ContainsAny(s, "\u00ad\u200b\u200c\u200d\ufeff") {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case '\u00ad', '\u200b', '\u200c', '\u200d', '\ufeff':
			return -1
		}
		return r
	}, s)
}

// A quote is one lookup the provenance check makes: needle found in the
// text of pieces joined by spaces (the statement, or the citations of a
// field).
type quote struct {
	needle string
	pieces []string
}

// freeze returns the rules of the seed that must stay off so that every
// quotation is still found once rewritten. A place a quotation is found
// keeps it when the rules match there as in the quotation alone: none
// cut by its ends, the same inside. Where no place does, the rules that
// differ at the place with the fewest go off. It repeats until no more
// rules are turned off, since a rule turned off lets another match and
// may move the place another quotation is found.
func (rs *rules) freeze(quotes []quote) []bool {
	off := make([]bool, len(rs.list))
	normalized := map[string]string{}
	normalize := func(s string) string {
		n, ok := normalized[s]
		if !ok {
			n = provenance.Normalize(stripInvisible(s))
			normalized[s] = n
		}
		return n
	}
	for {
		changed := false
		memo := map[string][]span{}
		scan := func(s string) []span {
			sp, ok := memo[s]
			if !ok {
				sp = rs.scan(s, off)
				memo[s] = sp
			}
			return sp
		}
		turnOff := func(id int) {
			if !off[id] {
				off[id] = true
				changed = true
			}
		}
		for _, q := range quotes {
			needle := normalize(q.needle)
			if needle == "" {
				continue
			}
			var text strings.Builder
			var spans []span
			for i, p := range q.pieces {
				p = normalize(p)
				if i > 0 {
					text.WriteByte(' ')
				}
				at := text.Len()
				text.WriteString(p)
				for _, sp := range scan(p) {
					spans = append(spans, span{sp.start + at, sp.end + at, sp.rule})
				}
			}
			own := scan(needle)
			hay := text.String()
			// The check needs the quotation once: if no place keeps it,
			// the rules of the place that needs the fewest off go off.
			var fewest []int
			found := false
			for from := 0; ; {
				k := strings.Index(hay[from:], needle)
				if k < 0 {
					break
				}
				start := from + k
				end := start + len(needle)
				from = start + 1
				var inside []span
				var differ []int
				for _, sp := range spans {
					switch {
					case sp.end <= start || sp.start >= end:
					case sp.start < start || sp.end > end:
						differ = append(differ, sp.rule) // the quotation cuts it
					default:
						inside = append(inside, span{sp.start - start, sp.end - start, sp.rule})
					}
				}
				for _, sp := range symmetricDifference(inside, own) {
					differ = append(differ, sp.rule)
				}
				if !found || len(differ) < len(fewest) {
					fewest, found = differ, true
				}
				if len(differ) == 0 {
					break
				}
			}
			for _, id := range fewest {
				turnOff(id)
			}
		}
		if !changed {
			return off
		}
	}
}

func symmetricDifference(a, b []span) []span {
	var out []span
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	for _, x := range b {
		if !slices.Contains(a, x) {
			out = append(out, x)
		}
	}
	return out
}
