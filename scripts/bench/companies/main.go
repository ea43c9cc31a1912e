// Command companies writes N made-up companies for the scale step of `make
// bench`: the site built with N companies instead of five, to measure the
// static files it makes (count and bytes), how long the build takes, how
// long the Worker takes to answer its first request for the Nth company,
// and that the WebAssembly modules stay the size they are (the companies
// are data, not code).
//
//	go run ./scripts/bench/companies -n 1000 -out DIR [-from site/controllers]
//
// It writes DIR/{slug}.json and DIR/sources/{slug}.txt, the layout of
// site/controllers, removing the *.json and sources/*.txt already there.
// Company n (1 to N) is made from seed (n-1) mod S of the S seeds in
// -from, in the order of their file names (five in site/controllers),
// and its slug is the seed's followed by -n
// ("car-room-1", "carglass-2", ..., "westrum-5", "car-room-6"): every
// company is made, the first five too, and no slug is a seed's.
//
// Each company is a seed with its own name, legal entities, organisation
// numbers (with valid check digits), address, phone number, e-mail and web
// domain (name.example, a domain reserved for examples, RFC 2606) and its
// own choice of words in the statement (synonyms in words.go), so that the
// N files are not one file N times, which compression would fold into
// one. The same replacements are made in the statement and in every text
// of the file, citations included, so every fact still cites the
// company's own words (rewrite.go). The first -check companies (25, five
// of each seed, unless told otherwise; -check -1 for all) are parsed and
// checked against their statements before they are written, as the site
// generator checks them (company.Parse, provenance.Verify); the tests
// check 60. The same flags write the same bytes.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	n := flag.Int("n", 1000, "how many companies to write")
	out := flag.String("out", "", "the folder to write them to (required)")
	from := flag.String("from", "site/controllers", "the folder of the seed companies, with sources/ beside them")
	check := flag.Int("check", 25, "parse and check the first `K` companies against their statements before writing them, -1 for all (the tests check 60; all of 1,000 takes some 2.5 times as long)")
	flag.Parse()
	if *out == "" || *n < 1 || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	start := time.Now()
	gen, err := load(*from)
	if err != nil {
		fmt.Fprintln(os.Stderr, "companies:", err)
		os.Exit(1)
	}
	stats, err := gen.write(*out, *n, *check)
	if err != nil {
		fmt.Fprintln(os.Stderr, "companies:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d companies from %d seeds to %s: %d files, %d bytes (JSON %d, statements %d) in %v\n",
		*n, len(gen.seeds), *out, 2**n, stats.jsonBytes+stats.textBytes, stats.jsonBytes, stats.textBytes, time.Since(start).Round(time.Millisecond))
}
