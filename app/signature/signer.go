// Package signature signs the request documents the portal forwards and
// verifies them against the portal's published key set.
//
// The Worker signs the exact bytes of request.json with Ed25519 and attaches
// the raw 64-byte signature as request.json.sig. The public keys are
// published as a JWK Set (RFC 7517, RFC 8037) at
// /.well-known/privacy-portal/keys.json, each named by its RFC 7638
// thumbprint, so a recipient, the browser app and the verify command can
// check that a request really came through the portal and was not altered.
// Retired keys stay in the set so requests signed before a rotation still
// verify.
//
// The package uses only the standard library's crypto and encoding/json, so
// it compiles for GOOS=js GOARCH=wasm as well as for the host.
package signature

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
)

// Signer signs documents with one private key. The Worker builds it once
// from its SIGNING_KEY secret; the key id it reports is the one the
// document's "key_id" field must name so recipients can pick the right key
// from the published set. The zero Signer has no key and must not be used.
//
// A signer made from a seed (ParseSeed) derives its key on first use, not
// when it is made: the derivation cost a Worker's cold start 25 ms of
// WebAssembly, and most instances serve requests that never sign.
type Signer struct{ k *key }

type key struct {
	derive func() (ed25519.PrivateKey, string)
}

// NewSigner wraps an Ed25519 private key (ed25519.PrivateKeySize bytes, as
// returned by ed25519.NewKeyFromSeed or ed25519.GenerateKey) and computes its
// key id once, so signing many documents does not rehash the public key.
func NewSigner(priv ed25519.PrivateKey) Signer {
	return Signer{&key{derive: sync.OnceValues(func() (ed25519.PrivateKey, string) {
		return priv, Thumbprint(priv.Public().(ed25519.PublicKey))
	})}}
}

// fromSeed is a Signer whose key is derived from seed when first needed.
func fromSeed(seed []byte) Signer {
	return Signer{&key{derive: sync.OnceValues(func() (ed25519.PrivateKey, string) {
		priv := ed25519.NewKeyFromSeed(seed)
		return priv, Thumbprint(priv.Public().(ed25519.PublicKey))
	})}}
}

// ParseSeed reads the signing secret as it is stored in the Worker's
// SIGNING_KEY setting or in .dev.vars: a 32-byte Ed25519 seed written as
// base64 (standard or URL alphabet, padded or not) or as 64 hex digits.
// Surrounding whitespace is ignored, because secrets pasted into dashboards
// and files often pick up a trailing newline. The errors describe what is
// wrong (alphabet, length) but never repeat the input, so a mistyped secret
// does not end up in a log.
func ParseSeed(s string) (Signer, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Signer{}, errors.New("signature: signing key is empty; want a 32-byte Ed25519 seed in base64 or 64 hex digits")
	}
	seed, err := decodeSeed(s)
	if err != nil {
		return Signer{}, err
	}
	if len(seed) != ed25519.SeedSize {
		return Signer{}, fmt.Errorf("signature: signing key decodes to %d bytes; want a %d-byte Ed25519 seed", len(seed), ed25519.SeedSize)
	}
	return fromSeed(seed), nil
}

// decodeSeed decodes hex or base64 without ever putting s into an error.
// Hex is recognised by its alphabet and even length: a base64 encoding of 32
// bytes has 43 characters, or 44 ending in "=", so it is never mistaken for
// hex.
func decodeSeed(s string) ([]byte, error) {
	if len(s)%2 == 0 && isHex(s) {
		b, err := hex.DecodeString(s)
		if err != nil {
			return nil, errors.New("signature: signing key is not valid hex")
		}
		return b, nil
	}
	b, err := decodeBase64(s)
	if err != nil {
		return nil, errors.New("signature: signing key is neither base64 nor 64 hex digits")
	}
	return b, nil
}

// decodeBase64 accepts both alphabets, padded or not, but not a mixture of
// the two, and rejects encodings with stray bits set in the last character,
// so every accepted string stands for exactly one byte sequence.
func decodeBase64(s string) ([]byte, error) {
	s = strings.TrimRight(s, "=")
	std := strings.ContainsAny(s, "+/")
	url := strings.ContainsAny(s, "-_")
	if std && url {
		return nil, errors.New("mixed base64 alphabets")
	}
	enc := base64.RawURLEncoding
	if std {
		enc = base64.RawStdEncoding
	}
	return enc.Strict().DecodeString(s)
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// KeyID returns the RFC 7638 thumbprint of the signer's public key. The
// Worker writes it into each document's "key_id" field, and it is the "kid"
// of the key in the published set.
func (s Signer) KeyID() string {
	_, kid := s.k.derive()
	return kid
}

// Sign returns the 64-byte Ed25519 signature over doc. The bytes signed are
// exactly the bytes sent: the document must not be re-encoded after
// signing, or it no longer verifies.
func (s Signer) Sign(doc []byte) []byte {
	priv, _ := s.k.derive()
	return ed25519.Sign(priv, doc)
}

// Public returns the signer's public key as the JWK the portal publishes.
func (s Signer) Public() JWK {
	priv, _ := s.k.derive()
	return newJWK(priv.Public().(ed25519.PublicKey))
}
