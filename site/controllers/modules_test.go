package controllers

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Neither WebAssembly module carries a company: no package either is built
// from reads the controller files or the statements, so changing, adding
// or removing a company changes no byte of either (make bench's scale step
// builds both with a thousand companies and compares their hashes). A new
// import of this package, or an embed of a company's file, in anything the
// modules are built from fails here.
func TestNoModuleCarriesACompany(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(root, "site", "controllers")
	for _, main := range []string{"./wasm", "./functions/worker"} {
		cmd := exec.Command("go", "list", "-deps", "-json", main)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		out, err := cmd.Output()
		if err != nil {
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				t.Fatalf("go list %s: %v\n%s", main, err, ee.Stderr)
			}
			t.Fatal(err)
		}
		dec := json.NewDecoder(strings.NewReader(string(out)))
		n := 0
		for {
			var p struct {
				ImportPath string
				Dir        string
				EmbedFiles []string
			}
			if err := dec.Decode(&p); err == io.EOF {
				break
			} else if err != nil {
				t.Fatal(err)
			}
			n++
			if p.Dir == data || strings.HasPrefix(p.Dir, data+string(filepath.Separator)) {
				t.Errorf("%s is built from %s, which holds the companies", main, p.ImportPath)
			}
			// The only data under site/ a module may carry is the portal
			// operator's own file (the portal's privacy notice).
			if strings.HasPrefix(p.Dir, filepath.Join(root, "site")+string(filepath.Separator)) && len(p.EmbedFiles) > 0 &&
				p.Dir != filepath.Join(root, "site", "operator") {
				t.Errorf("%s embeds %s from %s", main, p.EmbedFiles, p.ImportPath)
			}
		}
		if n < 10 {
			t.Fatalf("go list %s gave %d packages", main, n)
		}
	}
}
