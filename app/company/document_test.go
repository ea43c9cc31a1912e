package company

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"privacyportal/app/problem"
)

// seeds are the portal's own companies, from their controller files.
func seeds(t testing.TB) []Controller {
	t.Helper()
	reg, err := Load(os.DirFS(filepath.Join("..", "..", "site", "controllers")), "site/controllers")
	if err != nil {
		t.Fatal(err)
	}
	return reg.All()
}

// A document is its company without the citations, and reads back as it.
func TestDocumentRoundTrip(t *testing.T) {
	for _, c := range seeds(t) {
		doc, err := Document(c)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(doc), `"cite"`) {
			t.Errorf("%s: the document keeps citations", c.Slug)
		}
		got, err := ParseDocument(doc)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(WithoutCites(c), got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s (-written +read):\n%s", c.Slug, diff)
		}
	}
}

// A document is also read from a data block of an HTML page: nothing in a
// company's text may end or change the block.
func TestDocumentIsSafeInAPage(t *testing.T) {
	c := seeds(t)[0]
	c.Business = `</script><script>alert(1)</script><!-- & "quoted" 'x'`
	doc, err := Document(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<", ">", "&"} {
		if strings.Contains(string(doc), bad) {
			t.Errorf("the document holds %q", bad)
		}
	}
	got, err := ParseDocument(doc)
	if err != nil || got.Business != c.Business {
		t.Errorf("read back %q, %v; want %q", got.Business, err, c.Business)
	}
}

func TestParseDocumentRefuses(t *testing.T) {
	for _, in := range []string{"", "null", "[]", `{"slug":""}`, `{"slug":"Bad Slug"}`, `{"slug":"werksta"`, "\x00"} {
		if _, err := ParseDocument([]byte(in)); err == nil {
			t.Errorf("ParseDocument(%q) = nil error", in)
		}
	}
}

// The list of companies holds what the front page shows of each.
func TestIndex(t *testing.T) {
	list := seeds(t)
	data, err := Index(list)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseIndex(data)
	if err != nil {
		t.Fatal(err)
	}
	var want []Entry
	for _, c := range list {
		want = append(want, Entry{Slug: c.Slug, Name: c.Name, Language: c.Language, Country: c.Country,
			Business: c.Business, Summarized: c.Summarized.Has("business"), City: c.Address.City})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// documents serves the seeds' documents and counts each read.
type documents struct {
	mu    sync.Mutex
	docs  map[string][]byte
	reads map[string]int
	fail  error
}

func newDocuments(t testing.TB) *documents {
	d := &documents{docs: map[string][]byte{}, reads: map[string]int{}}
	for _, c := range seeds(t) {
		doc, err := Document(c)
		if err != nil {
			t.Fatal(err)
		}
		d.docs[c.Slug] = doc
	}
	return d
}

func (d *documents) read(_ context.Context, slug string) ([]byte, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.reads[slug]++
	if d.fail != nil {
		return nil, d.fail
	}
	doc, ok := d.docs[slug]
	if !ok {
		return nil, fmt.Errorf("%s: %w", slug, fs.ErrNotExist)
	}
	return doc, nil
}

// A reading registry reads each company once, knows an unknown one as
// unknown (without reading a malformed slug at all), and tells a failed
// read from an unknown company.
func TestOnDemandRegistry(t *testing.T) {
	d := newDocuments(t)
	reg := OnDemand(d.read)
	ctx := context.Background()
	if _, ok := reg.Lookup("werksta"); ok {
		t.Fatal("Lookup found a company before it was read")
	}
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if c, err := reg.Load(ctx, "werksta"); err != nil || c.Slug != "werksta" {
				t.Errorf("Load(werksta) = %q, %v", c.Slug, err)
			}
		}()
	}
	wg.Wait()
	if c, ok := reg.Lookup("werksta"); !ok || c.Slug != "werksta" {
		t.Errorf("Lookup after Load = %q, %v", c.Slug, ok)
	}
	for _, slug := range []string{"nope", "nope", "../werksta", "Werksta", "api", "", "werksta/../x", strings.Repeat("a", 200)} {
		_, err := reg.Load(ctx, slug)
		if e := problemCode(err); e != "unknown_controller" {
			t.Errorf("Load(%q) = %v, want unknown_controller", slug, err)
		}
	}
	d.mu.Lock()
	if diff := cmp.Diff(map[string]int{"werksta": d.reads["werksta"], "nope": 1}, d.reads); diff != "" {
		t.Errorf("reads (-want +got):\n%s", diff)
	}
	if d.reads["werksta"] < 1 || d.reads["werksta"] > 20 {
		t.Errorf("werksta read %d times", d.reads["werksta"])
	}
	d.fail = errors.New("the assets are down")
	d.mu.Unlock()
	_, err := reg.Load(ctx, "cars")
	if err == nil || problemCode(err) == "unknown_controller" {
		t.Errorf("Load with a failing read = %v, want an internal error", err)
	}
	d.mu.Lock()
	d.fail = nil
	d.mu.Unlock()
	if _, err := reg.Load(ctx, "cars"); err != nil {
		t.Errorf("Load after the read recovered = %v", err)
	}
	// Listed in alphabetical order of name, whatever the order read.
	for _, slug := range []string{"westrum", "car-room", "carglass"} {
		if _, err := reg.Load(ctx, slug); err != nil {
			t.Fatal(err)
		}
	}
	var names []string
	for _, c := range reg.All() {
		names = append(names, strings.ToLower(c.Name))
	}
	for i := 1; i < len(names); i++ {
		if names[i-1] > names[i] {
			t.Errorf("All() not in order of name: %q", names)
		}
	}
}

func problemCode(err error) string {
	if err == nil {
		return ""
	}
	return problem.Code(err)
}

// BenchmarkParseDocument is what the Worker and the browser app pay to
// read one company's document; `make bench` runs it in WebAssembly.
func BenchmarkParseDocument(b *testing.B) {
	for _, c := range seeds(b) {
		doc, err := Document(c)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.Slug, func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			for b.Loop() {
				if _, err := ParseDocument(doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
