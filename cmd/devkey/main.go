// Command devkey makes the portal's secrets: a fresh random Ed25519 seed,
// in the base64url form the Worker's SIGNING_KEY setting accepts; a link
// key for LINK_KEY; and, for .dev.vars, both with the export token of each
// company, which under `make dev` is dev-export-{slug}:
//
//	go run ./cmd/devkey                       # a signing key (SIGNING_KEY)
//	go run ./cmd/devkey -link                 # a link key (LINK_KEY)
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

	"privacyportal/app/company"
	"privacyportal/functions/exports"
	"privacyportal/functions/keyring"
	"privacyportal/site/controllers"
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

// run parses args and writes the seed, or the whole .dev.vars, to stdout.
func run(args []string, stdout io.Writer) error {
	flags := flag.NewFlagSet("devkey", flag.ContinueOnError)
	env := flags.Bool("env", false, "print .dev.vars: SIGNING_KEY=<seed>, LINK_KEY=<key> and each company's EXPORT_TOKEN_…=dev-export-{slug}")
	keep := flags.String("keep", "", "with -env: reuse the SIGNING_KEY and LINK_KEY of this file if it has them")
	link := flags.Bool("link", false, "print a link key (LINK_KEY) instead of a signing key")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", flags.Arg(0))
	}
	seed, linkKey := "", ""
	if *keep != "" {
		seed, linkKey = existing(*keep, "SIGNING_KEY"), existing(*keep, "LINK_KEY")
	}
	if linkKey == "" || *link {
		k, err := keyring.NewKey(rand.Read)
		if err != nil {
			return err
		}
		linkKey = k
	}
	if *link {
		_, err := fmt.Fprintln(stdout, linkKey)
		return err
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
	reg, err := company.Load(controllers.FS(), controllers.Dir)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("# Secrets of local development, made by `make` (cmd/devkey); never committed.\n")
	b.WriteString("SIGNING_KEY=" + seed + "\n")
	b.WriteString("LINK_KEY=" + linkKey + "\n")
	for _, c := range reg.All() {
		b.WriteString(exports.TokenName(c.Slug) + "=dev-export-" + c.Slug + "\n")
	}
	_, err = io.WriteString(stdout, b.String())
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
