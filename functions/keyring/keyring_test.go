package keyring

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The MAC is HMAC-SHA256 over the parts, each ended by a zero byte, so that
// moving text from one part to the next changes it.
func TestMAC(t *testing.T) {
	key := []byte("link key")
	h := hmac.New(sha256.New, key)
	h.Write([]byte("confirm\x00abc\x00"))
	want := base64.RawURLEncoding.EncodeToString(h.Sum(nil))
	if got := MAC(key, "confirm", "abc"); got != want {
		t.Errorf("MAC = %s, want %s", got, want)
	}
	if MAC(key, "ab", "c") == MAC(key, "a", "bc") {
		t.Error(`MAC("ab", "c") equals MAC("a", "bc")`)
	}
	if MAC(key, "x") == MAC([]byte("other key"), "x") {
		t.Error("the MAC does not depend on the key")
	}
	if got := MAC(key, "x"); len(got) != 43 || strings.ContainsAny(got, "+/=") {
		t.Errorf("MAC = %q, want 43 characters of base64url without padding", got)
	}
}

func TestRandom(t *testing.T) {
	r := bytes.NewReader(bytes.Repeat([]byte{0xab, 0xff}, 16))
	id, err := Hex(r, 4)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := URL(r, 3)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"abffabff", "q_-r"}, []string{id, tok}); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// A source that runs dry is an error, never a short token.
	if _, err := Hex(bytes.NewReader([]byte{1}), 16); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("Hex from a dry source: %v, want io.ErrUnexpectedEOF", err)
	}
}

// A token made with a key is accepted while the key is current, and for a
// link's lifetime once it is retired; a token of another key, a changed
// part or a changed character is refused.
func TestKeyringRotation(t *testing.T) {
	old := []byte(strings.Repeat("o", 43))
	cur := []byte(strings.Repeat("c", 43))
	retiredAt := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	before := New(old)
	token := before.Sign("link", "handled", "r1")
	after := New(cur, RetiredKey{Secret: old, At: retiredAt})
	life := 30 * 24 * time.Hour
	tests := []struct {
		name  string
		ring  Ring
		token string
		now   time.Time
		parts []string
		want  bool
	}{
		{"before rotation", before, token, retiredAt, []string{"link", "handled", "r1"}, true},
		{"after rotation, within the lifetime", after, token, retiredAt.Add(life - time.Second), []string{"link", "handled", "r1"}, true},
		{"after the lifetime", after, token, retiredAt.Add(life), []string{"link", "handled", "r1"}, false},
		{"a new token with the new key", after, after.Sign("link", "handled", "r1"), retiredAt.Add(10 * life), []string{"link", "handled", "r1"}, true},
		{"another action", after, token, retiredAt, []string{"link", "extend", "r1"}, false},
		{"another request", after, token, retiredAt, []string{"link", "handled", "r2"}, false},
		{"an old key no longer listed", New(cur), token, retiredAt, []string{"link", "handled", "r1"}, false},
		{"a changed last character", after, changeLast(token), retiredAt, []string{"link", "handled", "r1"}, false},
		{"only the key id", after, token[:8], retiredAt, []string{"link", "handled", "r1"}, false},
		{"empty", after, "", retiredAt, []string{"link", "handled", "r1"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.ring.Verify(tt.token, tt.now, life, tt.parts...); got != tt.want {
				t.Errorf("Verify = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseRetired(t *testing.T) {
	k := strings.Repeat("k", 43)
	got, err := ParseRetired(" " + k + "@2026-12-03 ,")
	if err != nil || len(got) != 1 || string(got[0].Secret) != k || !got[0].At.Equal(time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("ParseRetired = %+v, %v", got, err)
	}
	for _, bad := range []string{k, "short@2026-12-03", k + "@3 Dec"} {
		if _, err := ParseRetired(bad); err == nil {
			t.Errorf("ParseRetired(%q) accepted", bad)
		}
	}
}

// changeLast returns s with its last character replaced by another.
func changeLast(s string) string {
	if s[len(s)-1] == 'A' {
		return s[:len(s)-1] + "B"
	}
	return s[:len(s)-1] + "A"
}
