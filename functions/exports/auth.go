package exports

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
)

// Tokens are the companies' export tokens (Worker secrets), kept as their
// SHA-256 hashes so every comparison takes the same time whatever the
// token's length.
type Tokens map[string][32]byte

// NewTokens keeps each company's token; a company without one cannot
// export.
func NewTokens(bySlug map[string]string) Tokens {
	t := Tokens{}
	for slug, tok := range bySlug {
		if tok != "" {
			t[slug] = sha256.Sum256([]byte(tok))
		}
	}
	return t
}

// Check tells whether an Authorization header carries the company's token:
// 0 when it does, 401 when it carries no token or an unknown one, 403 when
// it carries another company's. Every token is compared, in constant time,
// so the answer's timing tells nothing.
func (t Tokens) Check(slug, authorization string) int {
	token, ok := strings.CutPrefix(authorization, "Bearer ")
	if !ok || token == "" {
		return http.StatusUnauthorized
	}
	sum := sha256.Sum256([]byte(strings.TrimSpace(token)))
	own, other := 0, 0
	for s, h := range t {
		eq := subtle.ConstantTimeCompare(sum[:], h[:])
		if s == slug {
			own |= eq
		} else {
			other |= eq
		}
	}
	switch {
	case own == 1:
		return 0
	case other == 1:
		return http.StatusForbidden
	}
	return http.StatusUnauthorized
}

// TokenName is the Worker secret that holds a company's export token:
// EXPORT_TOKEN_ and the slug in capitals, hyphens as underscores
// (EXPORT_TOKEN_CAR_ROOM).
func TokenName(slug string) string {
	return "EXPORT_TOKEN_" + strings.ToUpper(strings.ReplaceAll(slug, "-", "_"))
}

// TokenSlug is the slug whose token the Worker secret called name holds,
// if it is one (TokenName's inverse).
func TokenSlug(name string) (string, bool) {
	rest, ok := strings.CutPrefix(name, "EXPORT_TOKEN_")
	if !ok || rest == "" {
		return "", false
	}
	slug := strings.ToLower(strings.ReplaceAll(rest, "_", "-"))
	return slug, TokenName(slug) == name
}
