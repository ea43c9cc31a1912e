package signature

import (
	"crypto/ed25519"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// RFC 8037 Appendix A: the Ed25519 key of A.1 and A.2, its thumbprint from
// A.3, and the JWS signing input and signature of A.4 and A.5.
const (
	rfcD          = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"
	rfcDHex       = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
	rfcX          = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
	rfcThumbprint = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
	rfcInput      = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc"
	rfcSignature  = "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
)

func TestRFC8037Vectors(t *testing.T) {
	s, err := ParseSeed(rfcD)
	if err != nil {
		t.Fatal(err)
	}
	wantJWK := JWK{Kty: "OKP", Crv: "Ed25519", X: rfcX, Kid: rfcThumbprint, Use: "sig", Alg: "EdDSA"}
	if diff := cmp.Diff(wantJWK, s.Public()); diff != "" {
		t.Errorf("Public() mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(rfcThumbprint, s.KeyID()); diff != "" {
		t.Errorf("KeyID() mismatch (-want +got):\n%s", diff)
	}
	x, _ := base64.RawURLEncoding.DecodeString(rfcX)
	if diff := cmp.Diff(rfcThumbprint, Thumbprint(x)); diff != "" {
		t.Errorf("Thumbprint(x) mismatch (-want +got):\n%s", diff)
	}
	sig := s.Sign([]byte(rfcInput))
	if diff := cmp.Diff(rfcSignature, base64.RawURLEncoding.EncodeToString(sig)); diff != "" {
		t.Errorf("Sign(signing input) mismatch (-want +got):\n%s", diff)
	}
	// The RFC's signature must verify against a set holding only the
	// published half of the key.
	ks, err := ParseKeySet([]byte(`{"keys":[{"kty":"OKP","crv":"Ed25519","x":"` + rfcX + `","kid":"` + rfcThumbprint + `"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	rfcSig, _ := base64.RawURLEncoding.DecodeString(rfcSignature)
	kid, err := ks.Verify([]byte(rfcInput), rfcSig, rfcThumbprint)
	if err != nil || kid != rfcThumbprint {
		t.Errorf("Verify(RFC input, RFC signature) = %q, %v; want %q, nil", kid, err, rfcThumbprint)
	}
}

func TestParseSeed(t *testing.T) {
	std := strings.NewReplacer("-", "+", "_", "/").Replace(rfcD)
	tests := []struct {
		name string
		in   string
	}{
		{"base64url raw", rfcD},
		{"base64url padded", rfcD + "="},
		{"base64 std raw", std},
		{"base64 std padded", std + "="},
		{"hex lower", rfcDHex},
		{"hex upper", strings.ToUpper(rfcDHex)},
		{"trailing newline", rfcD + "\n"},
		{"surrounding whitespace", " \t" + rfcDHex + "\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseSeed(tt.in)
			if err != nil {
				t.Fatalf("ParseSeed: %v", err)
			}
			if diff := cmp.Diff(rfcThumbprint, s.KeyID()); diff != "" {
				t.Errorf("KeyID() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseSeedErrors(t *testing.T) {
	b31 := make([]byte, 31)
	b33 := make([]byte, 33)
	for i := range b33 {
		b33[i] = byte(0xA7 + 13*i)
	}
	copy(b31, b33)
	priv := ed25519.NewKeyFromSeed(b33[:32])
	tests := []struct {
		name    string
		in      string
		wantMsg string // a substring of the error
	}{
		{"empty", "", "empty"},
		{"only whitespace", " \n", "empty"},
		{"31 bytes base64url", base64.RawURLEncoding.EncodeToString(b31), "31 bytes"},
		{"33 bytes base64url", base64.RawURLEncoding.EncodeToString(b33), "33 bytes"},
		{"31 bytes base64 std padded", base64.StdEncoding.EncodeToString(b31), "31 bytes"},
		{"33 bytes base64 std padded", base64.StdEncoding.EncodeToString(b33), "33 bytes"},
		{"31 bytes hex", strings.Repeat("ab", 31), "31 bytes"},
		{"33 bytes hex", strings.Repeat("ab", 33), "33 bytes"},
		{"64-byte private key", base64.RawURLEncoding.EncodeToString(priv), "64 bytes"},
		{"mixed alphabets", "ab+_" + rfcD[4:], "neither base64"},
		{"not base64", "%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%", "neither base64"},
		{"stray bits in last character", rfcD[:42] + "B", "neither base64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSeed(tt.in)
			if err == nil {
				t.Fatal("ParseSeed succeeded, want an error")
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("error %q does not mention %q", msg, tt.wantMsg)
			}
			if leak := echoed(msg, strings.TrimSpace(tt.in)); leak != "" {
				t.Errorf("error %q repeats part of the secret: %q", msg, leak)
			}
		})
	}
}

// echoed returns a run of at least 6 characters of secret that appears in
// msg, or "" if there is none. Six is long enough that words of the message
// itself ("bytes", "base64") do not count.
func echoed(msg, secret string) string {
	const n = 6
	for i := 0; i+n <= len(secret); i++ {
		if strings.Contains(msg, secret[i:i+n]) {
			return secret[i : i+n]
		}
	}
	return ""
}

// BenchmarkSign signs a request.json of a typical size (about 1.5 kB), as
// the Worker does for every confirmed request.
func BenchmarkSign(b *testing.B) {
	s := NewSigner(ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize)))
	doc := []byte(strings.Repeat(`{"field":"a value of a request"},`, 48))
	b.ReportAllocs()
	for b.Loop() {
		s.Sign(doc)
	}
}
