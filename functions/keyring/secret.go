// Package keyring holds the portal's secret keys (LINK_KEY, and the retired
// keys still honoured after a rotation) and what is made with them: keyed
// hashes (MAC) that prove a link or a record was made by the portal, and
// random identifiers and tokens. The request and marketing workflows and
// the Worker's rate limiting share it, so they cannot drift apart.
package keyring

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
)

// MAC is the HMAC-SHA256 under key of the parts, base64url without
// padding. Each part is followed by a zero byte, so ("ab", "c") and
// ("a", "bc") differ.
func MAC(key []byte, parts ...string) string {
	return base64.RawURLEncoding.EncodeToString(sum(key, parts))
}

func sum(key []byte, parts []string) []byte {
	h := hmac.New(sha256.New, key)
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum(nil)
}

// Hex is n random bytes from r in hexadecimal: an identifier.
func Hex(r io.Reader, n int) (string, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// URL is n random bytes from r in base64url without padding: a token
// for a link.
func URL(r io.Reader, n int) (string, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
