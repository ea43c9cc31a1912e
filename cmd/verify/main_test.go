package main

import (
	"bytes"
	"crypto/ed25519"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"privacyportal/app/mailmsg"
	"privacyportal/app/signature"
)

func testSigner(b byte) signature.Signer {
	return signature.NewSigner(ed25519.NewKeyFromSeed(bytes.Repeat([]byte{b}, ed25519.SeedSize)))
}

// writeFixtures writes, into a fresh directory, a key set with a current
// and a retired key and a collection of good and bad signed requests. It
// returns the directory.
func writeFixtures(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	current, retired, stranger := testSigner(1), testSigner(2), testSigner(3)
	doc := func(s signature.Signer) []byte {
		return []byte(`{"key_id":"` + s.KeyID() + `","kind":"access","subject":"Catherine Sahlgren"}` + "\n")
	}
	request := doc(current)
	tampered := bytes.Replace(request, []byte("access"), []byte("delete"), 1)
	noKID := []byte(`{"kind":"access"}`)
	numericKID := []byte(`{"key_id":42}`)
	notJSON := []byte("key_id: nope\n")
	lying := bytes.Replace(signature.NewKeySet(current).JSON(), []byte(current.KeyID()), []byte(retired.KeyID()), 1)

	files := map[string][]byte{
		"keys.json":         signature.NewKeySet(current, retired.Public()).JSON(),
		"lying-keys.json":   lying,
		"request.json":      request,
		"request.json.sig":  current.Sign(request),
		"old.json":          doc(retired),
		"old.json.sig":      retired.Sign(doc(retired)),
		"stranger.json":     doc(stranger),
		"stranger.json.sig": stranger.Sign(doc(stranger)),
		"tampered.json":     tampered,
		"short.sig":         current.Sign(request)[:63],
		"nokid.json":        noKID,
		"nokid.json.sig":    retired.Sign(noKID),
		"numeric.json":      numericKID,
		"numeric.json.sig":  current.Sign(numericKID),
		"notjson.txt":       notJSON,
		"notjson.txt.sig":   current.Sign(notJSON),
	}
	eml := func(doc, sig []byte) []byte {
		b, err := mailmsg.Message{
			From: mailmsg.Address{Email: "portal@portal.example"}, To: []mailmsg.Address{{Name: "Werksta", Email: "personvern@werksta.example"}},
			Subject: "Krav om innsyn", Date: time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC), MessageID: "x.forward@portal.example",
			Text: "Se vedlegg.", Attachments: []mailmsg.Attachment{
				{Filename: "request.json", ContentType: "application/json", Data: doc},
				{Filename: "request.json.sig", Data: sig},
			},
		}.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	files["request.eml"] = eml(request, current.Sign(request))
	files["tampered.eml"] = eml(tampered, current.Sign(request))
	files["nosig.eml"] = bytes.Replace(eml(request, current.Sign(request)), []byte("request.json.sig"), []byte("other.bin"), -1)
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestRun(t *testing.T) {
	dir := writeFixtures(t)
	current, retired, stranger := testSigner(1), testSigner(2), testSigner(3)
	request, err := os.ReadFile(filepath.Join(dir, "request.json"))
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name       string
		args       []string // "$DIR" is replaced by the fixture directory
		stdin      []byte
		wantStdout string
		wantStderr string // with the fixture directory written as "$DIR"
	}{
		{
			name:       "request and signature",
			args:       []string{"-keys", "$DIR/keys.json", "$DIR/request.json", "$DIR/request.json.sig"},
			wantStdout: "ok: signed by key " + current.KeyID() + "\n",
		},
		{
			name:       "signature file found next to the request",
			args:       []string{"-keys", "$DIR/keys.json", "$DIR/request.json"},
			wantStdout: "ok: signed by key " + current.KeyID() + "\n",
		},
		{
			name:       "request on standard input",
			args:       []string{"-keys", "$DIR/keys.json", "-", "$DIR/request.json.sig"},
			stdin:      request,
			wantStdout: "ok: signed by key " + current.KeyID() + "\n",
		},
		{
			name:       "the e-mail as received",
			args:       []string{"-keys", "$DIR/keys.json", "$DIR/request.eml"},
			wantStdout: "ok: signed by key " + current.KeyID() + "\n",
		},
		{
			name:       "an e-mail whose request was changed",
			args:       []string{"-keys", "$DIR/keys.json", "$DIR/tampered.eml"},
			wantStderr: "FAILED: signature: signature does not match the document (key " + current.KeyID() + ")\n",
		},
		{
			name:       "an e-mail without the signature",
			args:       []string{"-keys", "$DIR/keys.json", "$DIR/nosig.eml"},
			wantStderr: "FAILED: $DIR/nosig.eml: no request.json and request.json.sig attachments\n",
		},
		{
			name:       "retired key verifies an old request",
			args:       []string{"-keys", "$DIR/keys.json", "$DIR/old.json", "$DIR/old.json.sig"},
			wantStdout: "ok: signed by key " + retired.KeyID() + "\n",
		},
		{
			name:       "no key_id: every key is tried",
			args:       []string{"-keys", "$DIR/keys.json", "$DIR/nokid.json"},
			wantStdout: "ok: signed by key " + retired.KeyID() + "\n",
		},
		{
			name:       "changed request",
			args:       []string{"-keys", "$DIR/keys.json", "$DIR/tampered.json", "$DIR/request.json.sig"},
			wantStderr: "FAILED: signature: signature does not match the document (key " + current.KeyID() + ")\n",
		},
		{
			name:       "signature of another request",
			args:       []string{"-keys", "$DIR/keys.json", "$DIR/request.json", "$DIR/old.json.sig"},
			wantStderr: "FAILED: signature: signature does not match the document (key " + current.KeyID() + ")\n",
		},
		{
			name:       "truncated signature",
			args:       []string{"-keys", "$DIR/keys.json", "$DIR/request.json", "$DIR/short.sig"},
			wantStderr: "FAILED: signature: signature is not 64 bytes (got 63 bytes)\n",
		},
		{
			name:       "key not in the set",
			args:       []string{"-keys", "$DIR/keys.json", "$DIR/stranger.json"},
			wantStderr: `FAILED: signature: unknown key "` + stranger.KeyID() + `"` + "\n",
		},
		{
			name:       "key set with a lying kid",
			args:       []string{"-keys", "$DIR/lying-keys.json", "$DIR/request.json"},
			wantStderr: `FAILED: $DIR/lying-keys.json: signature: key 1: kid "` + retired.KeyID() + `" is not the key's thumbprint "` + current.KeyID() + `"` + "\n",
		},
		{
			name:       "key_id not a string",
			args:       []string{"-keys", "$DIR/keys.json", "$DIR/numeric.json"},
			wantStderr: `FAILED: $DIR/numeric.json: "key_id" is not a string` + "\n",
		},
		{
			name:       "request not JSON",
			args:       []string{"-keys", "$DIR/keys.json", "$DIR/notjson.txt"},
			wantStderr: "FAILED: $DIR/notjson.txt: not a JSON object: invalid character 'k' looking for beginning of value\n",
		},
		{
			name:       "missing signature file",
			args:       []string{"-keys", "$DIR/keys.json", "$DIR/stranger.json", "$DIR/missing.sig"},
			wantStderr: "FAILED: open $DIR/missing.sig: no such file or directory\n",
		},
		{
			name:       "keys as a URL",
			args:       []string{"-keys", "https://portal.example/.well-known/privacy-portal/keys.json", "$DIR/request.json"},
			wantStderr: "FAILED: -keys takes a file path, not a URL: verify does not use the network; download keys.json first\n",
		},
		{
			name:       "no keys",
			args:       []string{"$DIR/request.json"},
			wantStderr: "FAILED: -keys is required: the key set from /.well-known/privacy-portal/keys.json, saved as a file\n",
		},
		{
			name: "no request",
			args: []string{"-keys", "$DIR/keys.json"},
			wantStderr: "FAILED: usage: verify -keys keys.json request.eml     (the e-mail as received, saved from the mail client)\n" +
				"   or: verify -keys keys.json request.json request.json.sig\n" +
				"   or: verify -keys keys.json request.json    (signature in request.json.sig)\n",
		},
		{
			name:       "standard input twice",
			args:       []string{"-keys", "-", "-", "$DIR/request.json.sig"},
			stdin:      signature.NewKeySet(current).JSON(),
			wantStderr: `FAILED: "-" (standard input) can be given only once` + "\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := make([]string, len(tt.args))
			for i, a := range tt.args {
				args[i] = strings.ReplaceAll(a, "$DIR", dir)
			}
			var stdout, stderr bytes.Buffer
			err := run(args, bytes.NewReader(tt.stdin), &stdout, &stderr)
			if wantErr := tt.wantStderr != ""; (err != nil) != wantErr {
				t.Errorf("run error = %v, want error: %v", err, wantErr)
			}
			if diff := cmp.Diff(tt.wantStdout, stdout.String()); diff != "" {
				t.Errorf("stdout mismatch (-want +got):\n%s", diff)
			}
			gotStderr := strings.ReplaceAll(stderr.String(), dir, "$DIR")
			if diff := cmp.Diff(tt.wantStderr, gotStderr); diff != "" {
				t.Errorf("stderr mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
