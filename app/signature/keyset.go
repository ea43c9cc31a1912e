package signature

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// Errors returned by KeySet.Verify. Callers tell them apart with errors.Is,
// for example to say "this request names a key we do not know" rather than
// "this request was altered".
var (
	// ErrUnknownKey means the set has no key with the id the document
	// names (or the set is empty).
	ErrUnknownKey = errors.New("signature: unknown key")
	// ErrBadSignature means the signature does not match the document:
	// the document or the signature was changed, or another key signed it.
	ErrBadSignature = errors.New("signature: signature does not match the document")
	// ErrSignatureLength means the signature is not 64 bytes, usually a
	// truncated download or a base64 text where the raw bytes belong.
	ErrSignatureLength = errors.New("signature: signature is not 64 bytes")
)

// JWK is one public Ed25519 key in the JSON Web Key form of RFC 8037, as
// the portal publishes it. X is the raw 32-byte public key in base64url
// without padding; Kid is its RFC 7638 thumbprint, so anyone can recompute
// the id from the key and a published set cannot name a key falsely.
type JWK struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Kid string `json:"kid"`
	Use string `json:"use,omitempty"`
	Alg string `json:"alg,omitempty"`
}

func newJWK(pub ed25519.PublicKey) JWK {
	return JWK{
		Kty: "OKP",
		Crv: "Ed25519",
		X:   base64.RawURLEncoding.EncodeToString(pub),
		Kid: Thumbprint(pub),
		Use: "sig",
		Alg: "EdDSA",
	}
}

// Thumbprint returns the RFC 7638 thumbprint of the Ed25519 public key x:
// the SHA-256 of its required members in canonical form
// {"crv":"Ed25519","kty":"OKP","x":"..."}, in base64url without padding.
// It is the key id everywhere in the portal.
func Thumbprint(x []byte) string {
	canonical := `{"crv":"Ed25519","kty":"OKP","x":"` + base64.RawURLEncoding.EncodeToString(x) + `"}`
	sum := sha256.Sum256([]byte(canonical))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// KeySet is the JWK Set published at /.well-known/privacy-portal/keys.json:
// the current signing key first, then every retired key, so a document
// signed before a rotation still verifies.
type KeySet struct {
	Keys []JWK `json:"keys"`
}

// NewKeySet builds the published set from the Worker's current signer and
// the retired keys from its RETIRED_SIGNING_KEYS setting. A retired key with
// the same id as an earlier key is left out, so listing the current key
// among the retired ones by mistake does not publish it twice.
func NewKeySet(current Signer, retired ...JWK) KeySet {
	keys := []JWK{current.Public()}
	seen := map[string]bool{keys[0].Kid: true}
	for _, k := range retired {
		if seen[k.Kid] {
			continue
		}
		seen[k.Kid] = true
		keys = append(keys, k)
	}
	return KeySet{Keys: keys}
}

// ParsePublicKeys reads the RETIRED_SIGNING_KEYS setting: public keys as
// base64url "x" values (padding allowed), separated by commas, spaces or
// newlines. Only the public half of a retired key is kept, so a rotation
// never leaves an old secret in the configuration. Each key's id is
// computed, not configured. An empty setting gives no keys.
func ParsePublicKeys(s string) ([]JWK, error) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || unicode.IsSpace(r) })
	var keys []JWK
	for i, f := range fields {
		pub, err := decodeX(strings.TrimRight(f, "="))
		if err != nil {
			return nil, fmt.Errorf("signature: retired key %d (%q): %v", i+1, f, err)
		}
		keys = append(keys, newJWK(pub))
	}
	return keys, nil
}

// decodeX decodes a JWK "x" member: base64url without padding, 32 bytes.
func decodeX(x string) (ed25519.PublicKey, error) {
	b, err := base64.RawURLEncoding.Strict().DecodeString(x)
	if err != nil {
		return nil, errors.New("x is not base64url without padding")
	}
	if len(b) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("x decodes to %d bytes, want %d", len(b), ed25519.PublicKeySize)
	}
	return ed25519.PublicKey(b), nil
}

// ParseKeySet reads a published key set and refuses it unless every key is
// an Ed25519 signing key whose kid is its own thumbprint. A set whose kid
// does not match its key is refused outright rather than skipped, because
// it means the file was edited by hand or tampered with. A key carrying a
// private part ("d") is refused too: the secret has leaked and the key must
// be rotated, not trusted.
func ParseKeySet(data []byte) (KeySet, error) {
	var raw struct {
		Keys []struct {
			JWK
			D *string `json:"d"`
		} `json:"keys"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&raw); err != nil {
		return KeySet{}, fmt.Errorf("signature: key set is not a JWK Set: %v", err)
	}
	if dec.More() {
		return KeySet{}, errors.New("signature: key set has data after the JSON object")
	}
	if len(raw.Keys) == 0 {
		return KeySet{}, errors.New(`signature: key set has no keys`)
	}
	ks := KeySet{Keys: make([]JWK, 0, len(raw.Keys))}
	seen := map[string]bool{}
	for i, k := range raw.Keys {
		if k.D != nil {
			return KeySet{}, fmt.Errorf("signature: key %d contains a private key (\"d\"); rotate it", i+1)
		}
		if err := k.JWK.validate(); err != nil {
			return KeySet{}, fmt.Errorf("signature: key %d: %v", i+1, err)
		}
		if seen[k.Kid] {
			return KeySet{}, fmt.Errorf("signature: key %d: kid %q is listed twice", i+1, k.Kid)
		}
		seen[k.Kid] = true
		ks.Keys = append(ks.Keys, k.JWK)
	}
	return ks, nil
}

// validate checks one published key. "alg" may be the RFC 8037 "EdDSA" or
// the fully specified "Ed25519" of RFC 9864; both mean the same here.
func (k JWK) validate() error {
	if k.Kty != "OKP" {
		return fmt.Errorf("kty is %q, want \"OKP\"", k.Kty)
	}
	if k.Crv != "Ed25519" {
		return fmt.Errorf("crv is %q, want \"Ed25519\"", k.Crv)
	}
	if k.Use != "" && k.Use != "sig" {
		return fmt.Errorf("use is %q, want \"sig\"", k.Use)
	}
	if k.Alg != "" && k.Alg != "EdDSA" && k.Alg != "Ed25519" {
		return fmt.Errorf("alg is %q, want \"EdDSA\"", k.Alg)
	}
	pub, err := decodeX(k.X)
	if err != nil {
		return err
	}
	if want := Thumbprint(pub); k.Kid != want {
		return fmt.Errorf("kid %q is not the key's thumbprint %q", k.Kid, want)
	}
	return nil
}

// JSON returns the set as published: indented, members in a fixed order,
// keys in set order, ending in a newline, so the same set always gives the
// same bytes and a changed keys.json shows up as a readable diff.
func (ks KeySet) JSON() []byte {
	if ks.Keys == nil {
		ks.Keys = []JWK{}
	}
	b, err := json.MarshalIndent(ks, "", "  ")
	if err != nil {
		// A struct of strings always marshals.
		panic(err)
	}
	return append(b, '\n')
}

// Verify checks sig over doc against the key named kid, which comes from
// the signed document's "key_id" field. An empty kid tries every key in the
// set, for documents that name none. It returns the id of the key that
// verified; otherwise ErrUnknownKey, ErrBadSignature or ErrSignatureLength,
// wrapped with detail, for errors.Is.
func (ks KeySet) Verify(doc, sig []byte, kid string) (string, error) {
	if len(sig) != ed25519.SignatureSize {
		return "", fmt.Errorf("%w (got %d bytes)", ErrSignatureLength, len(sig))
	}
	tried := 0
	for _, k := range ks.Keys {
		if kid != "" && k.Kid != kid {
			continue
		}
		tried++
		pub, err := decodeX(k.X)
		if err != nil {
			return "", fmt.Errorf("signature: key %q: %v", k.Kid, err)
		}
		if ed25519.Verify(pub, doc, sig) {
			return k.Kid, nil
		}
	}
	switch {
	case tried == 0 && kid != "":
		return "", fmt.Errorf("%w %q", ErrUnknownKey, kid)
	case tried == 0:
		return "", fmt.Errorf("%w: the key set is empty", ErrUnknownKey)
	case kid == "":
		return "", fmt.Errorf("%w (tried all %d keys)", ErrBadSignature, tried)
	default:
		return "", fmt.Errorf("%w (key %s)", ErrBadSignature, kid)
	}
}
