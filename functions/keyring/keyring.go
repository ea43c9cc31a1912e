package keyring

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"time"
)

// Keyring signs the tokens of links in e-mails (a company's "mark as
// handled" and "extend", a marketing confirmation, the page to withdraw
// consent) with its current key, and accepts tokens of retired keys for as
// long as a link made just before the key was retired lives. Every token
// starts with the id of the key that made it, so rotating LINK_KEY breaks
// no link already e-mailed, and rotating SIGNING_KEY (which signs requests,
// not links) touches no link at all.
type Ring struct {
	keys []ringKey // the current key first
}

type ringKey struct {
	id      string
	secret  []byte
	retired time.Time // zero for the current key
}

// RetiredKey is a link key no longer used to sign, and when it stopped.
type RetiredKey struct {
	Secret []byte
	At     time.Time
}

// keyIDLen is the length of a key id in a token: 8 hex digits.
const keyIDLen = 8

// MinKeyLen is the shortest link key accepted, in bytes: 32 random bytes
// written in base64url are 43.
const MinKeyLen = 32

// NewKeyring returns a keyring signing with current.
func New(current []byte, retired ...RetiredKey) Ring {
	k := Ring{keys: []ringKey{{id: KeyID(current), secret: current}}}
	for _, r := range retired {
		k.keys = append(k.keys, ringKey{id: KeyID(r.Secret), secret: r.Secret, retired: r.At})
	}
	return k
}

// KeyID names a key in tokens without revealing it: the first 8 hex digits
// of a SHA-256 of the key.
func KeyID(secret []byte) string {
	sum := sha256.Sum256(append([]byte("privacy-portal link key id\x00"), secret...))
	return hex.EncodeToString(sum[:])[:keyIDLen]
}

// Current is the key that signs, for keying other hashes (rate limits).
func (k Ring) Current() []byte { return k.keys[0].secret }

// Sign returns the token of a link over parts: the current key's id and
// the MAC of the parts under it.
func (k Ring) Sign(parts ...string) string {
	return k.keys[0].id + MAC(k.keys[0].secret, parts...)
}

// Verify reports whether token is a token over parts made by a key of the
// ring: the current key, or a retired key within lifetime of its
// retirement (a link made the moment before lives that long). The MAC is
// compared in constant time.
func (k Ring) Verify(token string, now time.Time, lifetime time.Duration, parts ...string) bool {
	if len(token) <= keyIDLen {
		return false
	}
	id, mac := token[:keyIDLen], token[keyIDLen:]
	for _, key := range k.keys {
		if key.id != id {
			continue
		}
		if !key.retired.IsZero() && !now.Before(key.retired.Add(lifetime)) {
			return false
		}
		return hmac.Equal([]byte(mac), []byte(MAC(key.secret, parts...)))
	}
	return false
}

// ParseKey reads a link key (LINK_KEY): at least MinKeyLen bytes of text,
// such as `go run ./cmd/devkey -link` makes.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if len(s) < MinKeyLen {
		return nil, errors.New("a link key must be at least 32 characters; make one with go run ./cmd/devkey -link")
	}
	return []byte(s), nil
}

// ParseRetired reads RETIRED_LINK_KEYS: comma-separated entries of a key,
// "@" and the date it was retired (YYYY-MM-DD), such as
// "4Jf…Q@2026-12-03". An empty string is no keys.
func ParseRetired(s string) ([]RetiredKey, error) {
	var out []RetiredKey
	for _, entry := range strings.Split(s, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		secret, day, ok := strings.Cut(entry, "@")
		if !ok {
			return nil, errors.New("each retired link key is KEY@YYYY-MM-DD, the date it was retired")
		}
		key, err := ParseKey(secret)
		if err != nil {
			return nil, err
		}
		at, err := time.Parse("2006-01-02", strings.TrimSpace(day))
		if err != nil {
			return nil, errors.New("each retired link key is KEY@YYYY-MM-DD, the date it was retired")
		}
		// Retired at the end of that day, so a link made on it counts
		// its lifetime from after it.
		out = append(out, RetiredKey{Secret: key, At: at.Add(24 * time.Hour)})
	}
	return out, nil
}

// NewKey returns a fresh link key: 32 random bytes in base64url.
func NewKey(random func([]byte) (int, error)) (string, error) {
	b := make([]byte, 32)
	if _, err := random(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
