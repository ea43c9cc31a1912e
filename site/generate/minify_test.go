package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"privacyportal/site/assets"
)

func TestMinifyJSKeepsTokens(t *testing.T) {
	cases := []struct{ in, want string }{
		{"var a = 1; // one\nvar b = 2; /* two */", "var a=1;var b=2;"},
		{"x = 'a // not a comment' + \"b /* nor */\";", `x='a // not a comment'+"b /* nor */";`},
		{"s = 'it\\'s  here';", `s='it\'s  here';`},
		{"r = /[/\"']  +/g.test(s) / 2;", `r=/[/"']  +/g.test(s)/2;`},
		{"return /=+$/.exec(s)", "return/=+$/.exec(s)"},
		{"x = /a/ in b; y = /a/g in c; z = /a/ / /b/", "x=/a/ in b;y=/a/g in c;z=/a/ / /b/"},
		{"if (a < !--b) c-- > d", "if(a< !--b)c-- >d"},
		{"a = b / c / d;", "a=b/c/d;"},
		{"a = b /c/ d;", "a=b/c/d;"},
		{"if (x) y = s.replace(/ a /, ' ');", "if(x)y=s.replace(/ a /,' ');"},
		{"t = `a  ${ b + `c ${ {d: 1}.d }  ` }  e`;", "t=`a  ${b+`c ${{d:1}.d}  `}  e`;"},
		{"a - -b; c + ++d; e+ +f", "a- -b;c+ ++d;e+ +f"},
		{"n = 1 .toString(); m = 1.5.toFixed(1); k = 864e5 * 2; h = 1e-3", "n=1 .toString();m=1.5.toFixed(1);k=864e5*2;h=1e-3"},
		{"typeof x === \"string\"", `typeof x==="string"`},
		{"function f() {\n  return\n  x;\n}", "function f(){return\nx;}"},
		{"a\n++b", "a\n++b"},
		{"a = b\n(c)", "a=b\n(c)"},
		{"var x = {\n  a: 1,\n  b: [1, 2],\n};\n", "var x={a:1,b:[1,2],};"},
		{"}\nfunction g() {}", "}\nfunction g(){}"},
		{"x = a ? .5 : b?.c", "x=a? .5:b?.c"},
		{"if (a) {\n}\nelse {\n}", "if(a){}\nelse{}"},
		{"a /* multi\nline */ b", "a\nb"},
		{"a = 'æøå' + \"\u00a0\";\u00a0b", "a='æøå'+\"\u00a0\";b"},
	}
	for _, c := range cases {
		got, err := minifyJS(c.in)
		if err != nil {
			t.Errorf("minifyJS(%q): %v", c.in, err)
			continue
		}
		if got != c.want {
			t.Errorf("minifyJS(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestMinifyJSRefusesWhatItCannotRead(t *testing.T) {
	for _, in := range []string{"a = 'open", "/* open", "t = `open ${a}", "r = /open", "a = '\n'"} {
		if got, err := minifyJS(in); err == nil {
			t.Errorf("minifyJS(%q) = %q, want an error", in, got)
		}
	}
}

// The page scripts, minified, are the same programs: esbuild (in
// node_modules, as wrangler's own bundler) parses each original and its
// minified script and prints both the same, token for token, with nothing
// of the source's layout left. Skipped where node_modules is not
// installed; the browser tests (e2e/cookies.test.mjs, e2e/language.test.mjs)
// run the minified scripts themselves.
func TestMinifiedPageScriptsAreTheSamePrograms(t *testing.T) {
	for _, name := range []string{"consent.js", "lang.js"} {
		t.Run(name, func(t *testing.T) { sameProgram(t, name) })
	}
}

func sameProgram(t *testing.T, name string) {
	src, err := fs.ReadFile(assets.FS(), name)
	if err != nil {
		t.Fatal(err)
	}
	min, err := minifyJS(string(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(min) > len(src)*6/10 {
		t.Errorf("%s minified is %d of %d bytes; comments and white space should be most of the rest", name, len(min), len(src))
	}
	esbuild, err := filepath.Abs("../../node_modules/.bin/esbuild")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(esbuild); err != nil {
		t.Skip("no esbuild in node_modules (npm ci installs it with wrangler)")
	}
	print := func(js string) string {
		// Whitespace-only minification keeps every name and expression,
		// so the printed programs compare whole.
		cmd := exec.Command(esbuild, "--minify-whitespace", "--log-level=error", "--loader=js")
		cmd.Stdin = strings.NewReader(js)
		var out, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("esbuild: %v: %s", err, stderr.String())
		}
		return out.String()
	}
	if a, b := print(string(src)), print(min); a != b {
		t.Errorf("esbuild reads the minified %s as another program:\noriginal: %s\nminified: %s", name, a, b)
	}
}
