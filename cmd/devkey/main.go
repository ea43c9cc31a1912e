// Command devkey prints a fresh random Ed25519 seed for local development,
// in the base64url form the Worker's SIGNING_KEY setting accepts:
//
//	go run ./cmd/devkey              # the seed alone
//	go run ./cmd/devkey -env >> .dev.vars   # SIGNING_KEY=<seed>
//
// Production keys are made the same way but stored only as a Worker secret.
package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
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

// run parses args and writes one seed line to stdout.
func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("devkey", flag.ContinueOnError)
	env := fs.Bool("env", false, "print SIGNING_KEY=<seed>, a line for .dev.vars")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	seed := make([]byte, ed25519.SeedSize)
	if _, err := rand.Read(seed); err != nil {
		return err
	}
	line := base64.RawURLEncoding.EncodeToString(seed)
	if *env {
		line = "SIGNING_KEY=" + line
	}
	_, err := fmt.Fprintln(stdout, line)
	return err
}
