package mint

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The MAC is HMAC-SHA256 over the parts, each ended by a zero byte, so that
// moving text from one part to the next changes it.
func TestMAC(t *testing.T) {
	key := []byte("link key")
	h := hmac.New(sha256.New, key)
	h.Write([]byte("confirm\x00abc\x00"))
	want := hex.EncodeToString(h.Sum(nil))
	if got := MACHex(key, "confirm", "abc"); got != want {
		t.Errorf("MACHex = %s, want %s", got, want)
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
