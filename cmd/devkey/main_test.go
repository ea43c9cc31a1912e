package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// .dev.vars holds the three keys of local development, the same ones each
// time it is remade with -keep (a new TOKEN_KEY would void every token
// issued locally), and no export tokens: those are records now.
func TestEnvKeepsTheKeys(t *testing.T) {
	old := filepath.Join(t.TempDir(), ".dev.vars")
	os.WriteFile(old, []byte("SIGNING_KEY=seed\nLINK_KEY=\"link\"\nEXPORT_TOKEN_WERKSTA=dev-export-werksta\n"), 0o600)
	var out strings.Builder
	if err := run([]string{"-env", "-keep", old}, &out); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n")[1:] {
		name, value, _ := strings.Cut(line, "=")
		vars[name] = value
	}
	if len(vars["TOKEN_KEY"]) != 43 {
		t.Errorf("TOKEN_KEY = %q, want 32 random bytes in base64url", vars["TOKEN_KEY"])
	}
	first := vars["TOKEN_KEY"]
	want := map[string]string{"SIGNING_KEY": "seed", "LINK_KEY": "link", "TOKEN_KEY": first}
	if diff := cmp.Diff(want, vars); diff != "" {
		t.Errorf(".dev.vars (-want +got):\n%s", diff)
	}
	os.WriteFile(old, []byte(out.String()), 0o600)
	out.Reset()
	if err := run([]string{"-env", "-keep", old}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "\nTOKEN_KEY="+first+"\n") {
		t.Errorf("TOKEN_KEY was not kept:\n%s", out.String())
	}
	if err := run([]string{"-link", "-token"}, &out); err == nil {
		t.Error("-link -token accepted")
	}
}
