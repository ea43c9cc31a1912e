package signature

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// testSigner returns a signer whose seed is b repeated, so each test key
// is fixed and different keys are easy to make.
func testSigner(t *testing.T, b byte) Signer {
	t.Helper()
	return NewSigner(ed25519.NewKeyFromSeed(bytes.Repeat([]byte{b}, ed25519.SeedSize)))
}

func TestVerify(t *testing.T) {
	current := testSigner(t, 1)
	old := testSigner(t, 2)
	stranger := testSigner(t, 3)
	ks := NewKeySet(current, old.Public())

	doc := []byte(`{"key_id":"` + current.KeyID() + `","subject":"Catherine Sahlgren"}`)
	oldDoc := []byte(`{"key_id":"` + old.KeyID() + `","subject":"Jesper"}`)
	sig := current.Sign(doc)

	tests := []struct {
		name    string
		ks      KeySet
		doc     []byte
		sig     []byte
		kid     string
		wantKid string
		wantErr error
	}{
		{"current key by kid", ks, doc, sig, current.KeyID(), current.KeyID(), nil},
		{"current key, no kid", ks, doc, sig, "", current.KeyID(), nil},
		{"retired key verifies old document", ks, oldDoc, old.Sign(oldDoc), old.KeyID(), old.KeyID(), nil},
		{"retired key, no kid", ks, oldDoc, old.Sign(oldDoc), "", old.KeyID(), nil},
		{"empty document", ks, nil, current.Sign(nil), "", current.KeyID(), nil},
		{"signed by another key in the set", ks, doc, sig, old.KeyID(), "", ErrBadSignature},
		{"signed by a stranger", ks, doc, stranger.Sign(doc), "", "", ErrBadSignature},
		{"stranger's kid", ks, doc, stranger.Sign(doc), stranger.KeyID(), "", ErrUnknownKey},
		{"empty set", KeySet{}, doc, sig, "", "", ErrUnknownKey},
		{"truncated signature", ks, doc, sig[:63], current.KeyID(), "", ErrSignatureLength},
		{"empty signature", ks, doc, nil, current.KeyID(), "", ErrSignatureLength},
		{"signature too long", ks, doc, append(bytes.Clone(sig), 0), current.KeyID(), "", ErrSignatureLength},
		{"appended byte", ks, append(bytes.Clone(doc), '\n'), sig, current.KeyID(), "", ErrBadSignature},
		{"removed byte", ks, doc[:len(doc)-1], sig, current.KeyID(), "", ErrBadSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kid, err := tt.ks.Verify(tt.doc, tt.sig, tt.kid)
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("Verify error = %v, want %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.wantKid, kid); diff != "" {
				t.Errorf("Verify kid mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestVerifyEveryByte changes each byte of the document and of the
// signature in turn; every change must make verification fail.
func TestVerifyEveryByte(t *testing.T) {
	s := testSigner(t, 1)
	ks := NewKeySet(s)
	doc := []byte(`{"key_id":"` + s.KeyID() + `","request":"access"}`)
	sig := s.Sign(doc)
	for i := range doc {
		changed := bytes.Clone(doc)
		changed[i] ^= 0x01
		if _, err := ks.Verify(changed, sig, s.KeyID()); !errors.Is(err, ErrBadSignature) {
			t.Errorf("doc byte %d changed: error = %v, want ErrBadSignature", i, err)
		}
	}
	for i := range sig {
		changed := bytes.Clone(sig)
		changed[i] ^= 0x80
		if _, err := ks.Verify(doc, changed, s.KeyID()); !errors.Is(err, ErrBadSignature) {
			t.Errorf("signature byte %d changed: error = %v, want ErrBadSignature", i, err)
		}
	}
}

func TestNewKeySet(t *testing.T) {
	current := testSigner(t, 1)
	old := testSigner(t, 2)
	older := testSigner(t, 3)
	got := NewKeySet(current, old.Public(), current.Public(), older.Public(), old.Public())
	want := KeySet{Keys: []JWK{current.Public(), old.Public(), older.Public()}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("NewKeySet mismatch (-want +got):\n%s", diff)
	}
}

func TestKeySetJSON(t *testing.T) {
	s, err := ParseSeed(rfcD)
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "keys": [
    {
      "kty": "OKP",
      "crv": "Ed25519",
      "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
      "kid": "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k",
      "use": "sig",
      "alg": "EdDSA"
    }
  ]
}
`
	if diff := cmp.Diff(want, string(NewKeySet(s).JSON())); diff != "" {
		t.Errorf("JSON mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff("{\n  \"keys\": []\n}\n", string(KeySet{}.JSON())); diff != "" {
		t.Errorf("empty set JSON mismatch (-want +got):\n%s", diff)
	}
}

func TestParseKeySetRoundTrip(t *testing.T) {
	ks := NewKeySet(testSigner(t, 1), testSigner(t, 2).Public())
	got, err := ParseKeySet(ks.JSON())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ks, got); diff != "" {
		t.Errorf("ParseKeySet(JSON()) mismatch (-want +got):\n%s", diff)
	}
}

func TestParseKeySetErrors(t *testing.T) {
	good := `{"kty":"OKP","crv":"Ed25519","x":"` + rfcX + `","kid":"` + rfcThumbprint + `"}`
	other := testSigner(t, 1)
	set := func(keys ...string) string { return `{"keys":[` + strings.Join(keys, ",") + `]}` }
	edit := func(old, new string) string { return strings.Replace(good, old, new, 1) }
	tests := []struct {
		name    string
		in      string
		wantMsg string
	}{
		{"lying kid", set(edit(rfcThumbprint, other.KeyID())), "is not the key's thumbprint"},
		{"kid of another key in the set", set(other.Public().jsonForTest(), edit(rfcThumbprint, other.KeyID())), "is not the key's thumbprint"},
		{"missing kid", set(edit(`,"kid":"`+rfcThumbprint+`"`, "")), "is not the key's thumbprint"},
		{"wrong kty", set(edit(`"OKP"`, `"EC"`)), `kty is "EC"`},
		{"wrong crv", set(edit(`"Ed25519"`, `"Ed448"`)), `crv is "Ed448"`},
		{"wrong use", set(edit(`}`, `,"use":"enc"}`)), `use is "enc"`},
		{"wrong alg", set(edit(`}`, `,"alg":"ES256"}`)), `alg is "ES256"`},
		{"short x", set(edit(rfcX, base64.RawURLEncoding.EncodeToString(make([]byte, 31)))), "decodes to 31 bytes"},
		{"truncated x", set(edit(rfcX, rfcX[:42])), "not base64url"},
		{"padded x", set(edit(rfcX, rfcX+"=")), "not base64url"},
		{"std alphabet x", set(edit(rfcX, strings.ReplaceAll(rfcX, "_", "/"))), "not base64url"},
		{"private key published", set(edit(`}`, `,"d":"`+rfcD+`"}`)), "private key"},
		{"duplicate key", set(good, good), "listed twice"},
		{"no keys", `{"keys":[]}`, "no keys"},
		{"no keys member", `{}`, "no keys"},
		{"not JSON", `keys`, "not a JWK Set"},
		{"keys not an array", `{"keys":{}}`, "not a JWK Set"},
		{"trailing data", set(good) + `{}`, "data after"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseKeySet([]byte(tt.in))
			if err == nil {
				t.Fatal("ParseKeySet succeeded, want an error")
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not mention %q", err, tt.wantMsg)
			}
		})
	}
}

// jsonForTest returns k as one compact JSON object.
func (k JWK) jsonForTest() string {
	return `{"kty":"` + k.Kty + `","crv":"` + k.Crv + `","x":"` + k.X + `","kid":"` + k.Kid + `"}`
}

func TestParsePublicKeys(t *testing.T) {
	a := testSigner(t, 1).Public()
	b := testSigner(t, 2).Public()
	c := testSigner(t, 3).Public()
	tests := []struct {
		name string
		in   string
		want []JWK
	}{
		{"empty", "", nil},
		{"whitespace only", " \n\t", nil},
		{"one", a.X, []JWK{a}},
		{"commas", a.X + "," + b.X + "," + c.X, []JWK{a, b, c}},
		{"comma and space", a.X + ", " + b.X, []JWK{a, b}},
		{"newlines", a.X + "\n" + b.X + "\r\n" + c.X + "\n", []JWK{a, b, c}},
		{"padding allowed", a.X + "=", []JWK{a}},
		{"RFC key", rfcX, []JWK{{Kty: "OKP", Crv: "Ed25519", X: rfcX, Kid: rfcThumbprint, Use: "sig", Alg: "EdDSA"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePublicKeys(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParsePublicKeys mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParsePublicKeysErrors(t *testing.T) {
	x := testSigner(t, 1).Public().X
	tests := []struct {
		name    string
		in      string
		wantMsg string
	}{
		{"31 bytes", base64.RawURLEncoding.EncodeToString(make([]byte, 31)), "retired key 1"},
		{"33 bytes", base64.RawURLEncoding.EncodeToString(make([]byte, 33)), "decodes to 33 bytes"},
		{"second key bad", x + "," + x[:42], "retired key 2"},
		{"std alphabet", strings.Repeat("+", 43), "not base64url"},
		{"hex", strings.Repeat("ab", 32), "decodes to 48 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePublicKeys(tt.in)
			if err == nil {
				t.Fatal("ParsePublicKeys succeeded, want an error")
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not mention %q", err, tt.wantMsg)
			}
		})
	}
}

// FuzzParseKeySet checks that any set ParseKeySet accepts is one the portal
// could have published: every kid is its key's thumbprint, and encoding and
// parsing it again gives the same set.
func FuzzParseKeySet(f *testing.F) {
	f.Add([]byte(`{"keys":[{"kty":"OKP","crv":"Ed25519","x":"` + rfcX + `","kid":"` + rfcThumbprint + `"}]}`))
	f.Add([]byte(`{"keys":[]}`))
	f.Add([]byte(`{"keys":[{"kty":"OKP","crv":"Ed25519","x":"` + rfcX + `","kid":"x","d":"y"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ks, err := ParseKeySet(data)
		if err != nil {
			return
		}
		for _, k := range ks.Keys {
			x, err := base64.RawURLEncoding.DecodeString(k.X)
			if err != nil || Thumbprint(x) != k.Kid {
				t.Fatalf("accepted key %+v whose kid is not its thumbprint", k)
			}
		}
		again, err := ParseKeySet(ks.JSON())
		if err != nil {
			t.Fatalf("ParseKeySet(JSON()) of an accepted set: %v", err)
		}
		if diff := cmp.Diff(ks, again); diff != "" {
			t.Fatalf("round trip mismatch (-want +got):\n%s", diff)
		}
	})
}
