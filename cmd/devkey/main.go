// Command devkey makes the portal's secrets: a fresh random Ed25519 seed,
// in the base64url form the Worker's SIGNING_KEY setting accepts; a link
// key for LINK_KEY; a token key for TOKEN_KEY, which keys the hashes of
// every export token (cmd/token issues them); and, for .dev.vars, all
// three:
//
//	go run ./cmd/devkey                       # a signing key (SIGNING_KEY)
//	go run ./cmd/devkey -link                 # a link key (LINK_KEY)
//	go run ./cmd/devkey -token                # a token key (TOKEN_KEY)
//	go run ./cmd/devkey -env -keep .dev.vars  # .dev.vars, keeping its keys
//
// Production keys are made the same way but stored only as Worker secrets.
package main

import (
	"bufio"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"privacyportal/functions/keyring"
)

func main() {
	err := run(os.Args[1:], os.Stdout)
	switch {
	case errors.Is(err, flag.ErrHelp):
		// The flag package has printed the usage.
	case err != nil:
		fmt.Fprintln(os.Stderr, "devkey:", err)
		os.Exit(1)
	}
}

// run parses args and writes the seed, a key, or the whole .dev.vars, to
// stdout.
func run(args []string, stdout io.Writer) error {
	flags := flag.NewFlagSet("devkey", flag.ContinueOnError)
	env := flags.Bool("env", false, "print .dev.vars: SIGNING_KEY=<seed>, LINK_KEY=<key> and TOKEN_KEY=<key>")
	keep := flags.String("keep", "", "with -env: reuse the SIGNING_KEY, LINK_KEY and TOKEN_KEY of this file if it has them")
	link := flags.Bool("link", false, "print a link key (LINK_KEY) instead of a signing key")
	token := flags.Bool("token", false, "print a token key (TOKEN_KEY) instead of a signing key")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", flags.Arg(0))
	}
	if *link && *token {
		return errors.New("-link and -token each print one key: give one of them")
	}
	if *link || *token {
		k, err := keyring.NewKey(rand.Read)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(stdout, k)
		return err
	}
	seed, linkKey, tokenKey := "", "", ""
	if *keep != "" {
		seed, linkKey, tokenKey = existing(*keep, "SIGNING_KEY"), existing(*keep, "LINK_KEY"), existing(*keep, "TOKEN_KEY")
	}
	for _, k := range []*string{&linkKey, &tokenKey} {
		if *k == "" {
			v, err := keyring.NewKey(rand.Read)
			if err != nil {
				return err
			}
			*k = v
		}
	}
	if seed == "" {
		b := make([]byte, ed25519.SeedSize)
		if _, err := rand.Read(b); err != nil {
			return err
		}
		seed = base64.RawURLEncoding.EncodeToString(b)
	}
	if !*env {
		_, err := fmt.Fprintln(stdout, seed)
		return err
	}
	// Export tokens are records in the local D1 database, issued with
	// `make token ARGS='issue ...'` under TOKEN_KEY; changing the key
	// voids them, so it is kept like the others.
	_, err := io.WriteString(stdout, "# Secrets of local development, made by `make` (cmd/devkey); never committed.\n"+
		"SIGNING_KEY="+seed+"\n"+
		"LINK_KEY="+linkKey+"\n"+
		"TOKEN_KEY="+tokenKey+"\n")
	return err
}

// existing reads a variable from a .dev.vars file, or "".
func existing(path, name string) string {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) || err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), name+"="); ok {
			return strings.Trim(v, `"`)
		}
	}
	return ""
}
