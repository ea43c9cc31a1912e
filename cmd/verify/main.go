// Command verify checks that a request forwarded by the privacy portal was
// signed by one of the portal's keys and has not been changed since:
//
//	go run ./cmd/verify -keys keys.json request.json request.json.sig
//	go run ./cmd/verify -keys keys.json request.json    # signature in request.json.sig
//
// keys.json is the key set published at
// /.well-known/privacy-portal/keys.json, downloaded beforehand: the command
// never uses the network, so what it trusts is exactly the file it is given.
// The key is chosen by the request's top-level "key_id" field. A file name
// of "-" reads standard input.
//
// On success it prints "ok: signed by key <kid>" and exits 0; otherwise it
// prints "FAILED: <reason>" on standard error and exits 1.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"privacyportal/app/mailmsg"
	"privacyportal/app/signature"
)

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		os.Exit(1)
	}
}

// run verifies the input named by args and reports the outcome: the "ok"
// line on stdout, or a "FAILED" line on stderr together with the returned
// error, so main only has to choose the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	kid, err := verify(args, stdin, stderr)
	if errors.Is(err, flag.ErrHelp) {
		// Asked for help, which the flag package has printed.
		return nil
	}
	if err != nil {
		fmt.Fprintf(stderr, "FAILED: %v\n", err)
		return err
	}
	_, err = fmt.Fprintf(stdout, "ok: signed by key %s\n", kid)
	return err
}

func verify(args []string, stdin io.Reader, stderr io.Writer) (string, error) {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	keysPath := fs.String("keys", "", "the portal's key set (keys.json), a file path")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage:")
		for _, k := range inputKinds() {
			fmt.Fprintf(stderr, "  verify -keys keys.json %s\n", k.usage)
		}
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return "", err
	}
	if *keysPath == "" {
		return "", errors.New("-keys is required: the key set from /.well-known/privacy-portal/keys.json, saved as a file")
	}
	if strings.Contains(*keysPath, "://") {
		return "", errors.New("-keys takes a file path, not a URL: verify does not use the network; download keys.json first")
	}

	read := stdinOnce(stdin)
	data, err := read(*keysPath)
	if err != nil {
		return "", err
	}
	keys, err := signature.ParseKeySet(data)
	if err != nil {
		return "", fmt.Errorf("%s: %v", *keysPath, err)
	}

	in, err := load(fs.Args(), read)
	if err != nil {
		return "", err
	}
	return keys.Verify(in.doc, in.sig, in.kid)
}

// signedDocument is what every input kind yields: the exact bytes that were
// signed, the signature over them, and the key id the document names (""
// if it names none, and then every key in the set is tried).
type signedDocument struct {
	doc, sig []byte
	kid      string
}

// An inputKind is one form in which a signed request reaches a recipient.
// match looks only at the file arguments; load reads them through read, so
// "-" (standard input) works for every kind.
type inputKind struct {
	usage string
	match func(args []string) bool
	load  func(args []string, read readFunc) (signedDocument, error)
}

// readFunc reads a named input file.
type readFunc func(name string) ([]byte, error)

// inputKinds lists the accepted inputs, first match wins. A new kind (the
// request as a received .eml message, say) is one more entry and its
// loader.
func inputKinds() []inputKind {
	return []inputKind{
		{
			usage: "request.eml     (the e-mail as received, saved from the mail client)",
			match: func(args []string) bool {
				return len(args) == 1 && strings.HasSuffix(strings.ToLower(args[0]), ".eml")
			},
			load: func(args []string, read readFunc) (signedDocument, error) {
				return loadMessage(args[0], read)
			},
		},
		{
			usage: "request.json request.json.sig",
			match: func(args []string) bool { return len(args) == 2 },
			load: func(args []string, read readFunc) (signedDocument, error) {
				return loadDetached(args[0], args[1], read)
			},
		},
		{
			usage: "request.json    (signature in request.json.sig)",
			match: func(args []string) bool { return len(args) == 1 && args[0] != "-" },
			load: func(args []string, read readFunc) (signedDocument, error) {
				return loadDetached(args[0], args[0]+".sig", read)
			},
		},
	}
}

// load reads the input of the first kind that matches args.
func load(args []string, read readFunc) (signedDocument, error) {
	for _, k := range inputKinds() {
		if k.match(args) {
			return k.load(args, read)
		}
	}
	var usage []string
	for _, k := range inputKinds() {
		usage = append(usage, "verify -keys keys.json "+k.usage)
	}
	return signedDocument{}, fmt.Errorf("usage: %s", strings.Join(usage, "\n   or: "))
}

// loadDetached reads a request.json and its raw 64-byte signature file, the
// attachments the portal sends.
func loadDetached(docPath, sigPath string, read readFunc) (signedDocument, error) {
	doc, err := read(docPath)
	if err != nil {
		return signedDocument{}, err
	}
	sig, err := read(sigPath)
	if err != nil {
		return signedDocument{}, err
	}
	kid, err := keyID(doc)
	if err != nil {
		return signedDocument{}, fmt.Errorf("%s: %v", docPath, err)
	}
	return signedDocument{doc: doc, sig: sig, kid: kid}, nil
}

// loadMessage reads the e-mail the portal sent and takes request.json and
// request.json.sig from its attachments.
func loadMessage(path string, read readFunc) (signedDocument, error) {
	raw, err := read(path)
	if err != nil {
		return signedDocument{}, err
	}
	msg, err := mailmsg.Parse(raw)
	if err != nil {
		return signedDocument{}, fmt.Errorf("%s: %v", path, err)
	}
	doc, ok := msg.Attachment("request.json")
	sig, ok2 := msg.Attachment("request.json.sig")
	if !ok || !ok2 {
		return signedDocument{}, fmt.Errorf("%s: no request.json and request.json.sig attachments", path)
	}
	kid, err := keyID(doc.Data)
	if err != nil {
		return signedDocument{}, fmt.Errorf("%s: request.json: %v", path, err)
	}
	return signedDocument{doc: doc.Data, sig: sig.Data, kid: kid}, nil
}

// keyID returns the document's top-level "key_id", or "" if it has none.
// The field is only a hint for choosing the key: it is part of the signed
// bytes, so a changed key_id fails verification like any other change.
func keyID(doc []byte) (string, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(doc, &fields); err != nil {
		return "", fmt.Errorf("not a JSON object: %v", err)
	}
	raw, ok := fields["key_id"]
	if !ok {
		return "", nil
	}
	var kid string
	if err := json.Unmarshal(raw, &kid); err != nil {
		return "", errors.New(`"key_id" is not a string`)
	}
	return kid, nil
}

// stdinOnce reads files by name, and standard input for "-", which can be
// read only once.
func stdinOnce(stdin io.Reader) readFunc {
	used := false
	return func(name string) ([]byte, error) {
		if name != "-" {
			return os.ReadFile(name)
		}
		if used {
			return nil, errors.New(`"-" (standard input) can be given only once`)
		}
		used = true
		return io.ReadAll(stdin)
	}
}
