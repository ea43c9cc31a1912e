package emailaddr

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"kari.n@example.no", "kari.n@example.no"},
		{"Kari.N@Example.NO", "kari.n@example.no"},
		{"  KARI.N@EXAMPLE.NO\t\n", "kari.n@example.no"},
		// The address, not its mailbox: tags and dots stay.
		{"Kari+Shop@Example.no", "kari+shop@example.no"},
		{"K.a.r.i@Gmail.com", "k.a.r.i@gmail.com"},
		// Only ASCII folds: the Kelvin sign does not become a "k", so an
		// address Valid refuses stays refused.
		{"\u212Aari@example.no", "\u212Aari@example.no"},
		{"ÆRØ@example.no", "ÆrØ@example.no"},
		{"", ""},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, Normalize(tt.in)); diff != "" {
			t.Errorf("Normalize(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestMailbox(t *testing.T) {
	tests := []struct{ in, want string }{
		{"victim@example.no", "victim@example.no"},
		{"victim+1@example.no", "victim@example.no"},
		{"Victim+Two+Three@Example.NO", "victim@example.no"},
		{" victim+@example.no ", "victim@example.no"},
		// A local part that is all tag is left as it is.
		{"+tag@example.no", "+tag@example.no"},
		// Dots are ignored by Gmail only.
		{"v.i.c.t.i.m@gmail.com", "victim@gmail.com"},
		{"Vic.Tim+x@GoogleMail.com", "victim@gmail.com"},
		{"vic.tim@example.no", "vic.tim@example.no"},
		{"not an address", "not an address"},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, Mailbox(tt.in)); diff != "" {
			t.Errorf("Mailbox(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

// spell writes an address as a person might: each ASCII letter in either
// case, with white space around it.
func spell(r *rand.Rand, addr string) string {
	b := []byte(addr)
	for i, c := range b {
		if 'a' <= c && c <= 'z' && r.IntN(2) == 0 {
			b[i] = c - 'a' + 'A'
		}
	}
	space := []string{"", " ", "  ", "\t", "\n", " \t "}
	return space[r.IntN(len(space))] + string(b) + space[r.IntN(len(space))]
}

// randomAddress is a valid lower-case address of random atext.
func randomAddress(r *rand.Rand) string {
	const atext = "abcdefghijklmnopqrstuvwxyz0123456789!#$%&'*-/=?^_`{|}~"
	word := func(n int, alphabet string) string {
		var b strings.Builder
		for range n {
			b.WriteByte(alphabet[r.IntN(len(alphabet))])
		}
		return b.String()
	}
	local := word(1+r.IntN(10), atext)
	if r.IntN(3) == 0 {
		local += "." + word(1+r.IntN(6), atext)
	}
	domains := []string{"example.no", "example.dk", "gmail.com", "sub.example.co.uk"}
	return local + "@" + domains[r.IntN(len(domains))]
}

// Every way of writing one address is one person; two different
// addresses never are; Normalize is idempotent and keeps Valid's verdict.
func TestNormalizeGenerated(t *testing.T) {
	r := rand.New(rand.NewPCG(20, 4))
	for range 5000 {
		addr := randomAddress(r)
		a, b := spell(r, addr), spell(r, addr)
		if Normalize(a) != Normalize(b) || Normalize(a) != addr {
			t.Fatalf("Normalize(%q) = %q, Normalize(%q) = %q, want both %q", a, Normalize(a), b, Normalize(b), addr)
		}
		if Normalize(Normalize(a)) != Normalize(a) {
			t.Fatalf("Normalize is not idempotent on %q", a)
		}
		if Valid(strings.TrimSpace(a)) != Valid(Normalize(a)) {
			t.Fatalf("Valid(%q) = %v but Valid(Normalize) = %v", a, Valid(strings.TrimSpace(a)), Valid(Normalize(a)))
		}
		if other := randomAddress(r); other != addr && Normalize(spell(r, other)) == Normalize(a) {
			t.Fatalf("%q and %q normalize alike", other, addr)
		}
	}
}

// Every "+tag" of one address, in any case, is one mailbox for the limit;
// so is every dotting of a Gmail address.
func TestMailboxGenerated(t *testing.T) {
	r := rand.New(rand.NewPCG(20, 5))
	for range 5000 {
		addr := randomAddress(r)
		local, domain, _ := strings.Cut(addr, "@")
		local, _, _ = strings.Cut(local, "+")
		if local == "" {
			continue
		}
		want := Mailbox(addr)
		tagged := local
		if r.IntN(4) > 0 {
			tagged += "+" + strings.Repeat("x", r.IntN(5)) + string(rune('0'+r.IntN(10)))
		}
		if domain == "gmail.com" {
			var b strings.Builder
			for i := 0; i < len(tagged); i++ {
				b.WriteByte(tagged[i])
				if tagged[i] != '+' && i+1 < len(tagged) && tagged[i+1] != '.' && tagged[i] != '.' && r.IntN(3) == 0 {
					b.WriteByte('.')
				}
			}
			tagged = b.String()
		}
		got := Mailbox(spell(r, tagged+"@"+domain))
		if got != want {
			t.Fatalf("Mailbox(%q) = %q, want %q (the mailbox of %q)", tagged+"@"+domain, got, want, addr)
		}
	}
}
