package limit_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"privacyportal/app/problem"
	"privacyportal/functions/d1/d1test"
	"privacyportal/functions/limit"
)

func TestClient(t *testing.T) {
	tests := []struct {
		name, addr, want string
	}{
		{"IPv4", "203.0.113.7", "203.0.113.7"},
		{"IPv6 keeps its /64", "2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"},
		{"another address of the same /64", "2001:db8:1:2::1", "2001:db8:1:2::/64"},
		{"IPv4-mapped IPv6 is IPv4", "::ffff:203.0.113.7", "203.0.113.7"},
		{"not an address", "unknown", "other:unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, limit.Client(tt.addr)); diff != "" {
				t.Errorf("Client(%q) (-want +got):\n%s", tt.addr, diff)
			}
		})
	}
}

func newLimiter(t *testing.T, now *time.Time) *limit.Limiter {
	t.Helper()
	store, _ := d1test.Open(t)
	return &limit.Limiter{Store: store, Key: []byte("k"), Now: func() time.Time { return *now },
		PerRecipient: limit.Rule{Name: "recipient", Max: 3, Window: 24 * time.Hour}}
}

// Sixty hits at once are counted one by one: exactly Max pass.
func TestParallelHitsStopAtTheLimit(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	l := newLimiter(t, &now)
	rule := limit.Rule{Name: "r", Max: 5, Window: time.Hour}
	var wg sync.WaitGroup
	var mu sync.Mutex
	passed := 0
	for i := 0; i < 60; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := l.Allow(context.Background(), rule, "werksta", "203.0.113.7")
			if err == nil {
				mu.Lock()
				passed++
				mu.Unlock()
			} else if problem.Code(err) != problem.CodeRateLimited {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if passed != 5 {
		t.Errorf("%d of 60 parallel hits passed, want 5", passed)
	}
}

// Rules with windows of different lengths, and different subjects, never
// disturb each other's counts; a new window starts afresh.
func TestWindowsAreTheirOwn(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	l := newLimiter(t, &now)
	ctx := context.Background()
	hour := limit.Rule{Name: "hour", Max: 2, Window: time.Hour}
	tenMin := limit.Rule{Name: "ten", Max: 100, Window: 10 * time.Minute}
	for i := 0; i < 2; i++ {
		if err := l.Allow(ctx, hour, "a"); err != nil {
			t.Fatal(err)
		}
	}
	// Later in the hour, many hits of a rule with a shorter window, and
	// of another subject.
	now = now.Add(25 * time.Minute)
	for i := 0; i < 10; i++ {
		if err := l.Allow(ctx, tenMin, fmt.Sprint(i)); err != nil {
			t.Fatal(err)
		}
	}
	err := l.Allow(ctx, hour, "a")
	e := problem.As(err)
	if e == nil || e.Code != problem.CodeRateLimited {
		t.Fatalf("third hit within the hour: %v, want rate_limited", err)
	}
	if want := 35 * time.Minute; e.RetryAfter != want {
		t.Errorf("RetryAfter = %v, want %v", e.RetryAfter, want)
	}
	if err := l.Allow(ctx, hour, "b"); err != nil {
		t.Errorf("another subject: %v", err)
	}
	now = now.Add(35 * time.Minute)
	if err := l.Allow(ctx, hour, "a"); err != nil {
		t.Errorf("the next hour: %v", err)
	}
}

// One inbox is one subject however its address is written.
func TestRecipient(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	l := newLimiter(t, &now)
	ctx := context.Background()
	for _, a := range []string{"ola@example.no", "Ola@Example.NO", " OLA@example.no"} {
		if err := l.Recipient(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Recipient(ctx, "ola@EXAMPLE.no"); problem.Code(err) != problem.CodeRateLimited {
		t.Errorf("fourth mail to one inbox in a day: %v, want rate_limited", err)
	}
}

// A "+tag" per message does not buy a fresh allowance: victim+1@,
// victim+2@ ... in any case and spacing, and a Gmail address dotted
// anew each time, all count against one inbox, while another inbox keeps
// its own.
func TestRecipientPlusAddressed(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	spell := func(local, domain string) string {
		b := []byte(local + "@" + domain)
		for i, c := range b {
			if 'a' <= c && c <= 'z' && r.IntN(2) == 0 {
				b[i] = c - 'a' + 'A'
			}
		}
		return []string{"", " ", "\t"}[r.IntN(3)] + string(b) + []string{"", " ", "\n"}[r.IntN(3)]
	}
	for _, inbox := range []struct{ local, domain string }{{"victim", "example.no"}, {"victim", "gmail.com"}} {
		t.Run(inbox.domain, func(t *testing.T) {
			now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
			l := newLimiter(t, &now) // three a day
			ctx := context.Background()
			variant := func(i int) string {
				local := inbox.local
				if inbox.domain == "gmail.com" && i%2 == 1 {
					k := 1 + r.IntN(len(local)-1)
					local = local[:k] + "." + local[k:]
				}
				if i > 0 {
					local += "+" + strconv.Itoa(i)
				}
				return spell(local, inbox.domain)
			}
			for i := range 3 {
				if err := l.Recipient(ctx, variant(i)); err != nil {
					t.Fatalf("mail %d (%q): %v", i+1, variant(i), err)
				}
			}
			for i := 3; i < 23; i++ {
				if err := l.Recipient(ctx, variant(i)); problem.Code(err) != problem.CodeRateLimited {
					t.Fatalf("mail %d to one inbox as %q: %v, want rate_limited", i+1, variant(i), err)
				}
			}
			if err := l.Recipient(ctx, "someone.else+1@"+inbox.domain); err != nil {
				t.Errorf("another inbox: %v", err)
			}
		})
	}
}
