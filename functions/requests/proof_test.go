package requests_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"privacyportal/app/problem"
	apprequests "privacyportal/app/requests"
	"privacyportal/functions/keyring"
	"privacyportal/functions/outbox"
	"privacyportal/functions/requests"
)

// A read-only copy of the database (a leaked backup, a D1 export) holds
// each pending request's id and its stored proofs. With an unkeyed
// SHA-256, trying the million six-digit codes finds the customer's in
// under a second; keyed under LINK_KEY, nothing about the code can be
// learnt from the copy. The search below is what such an attacker would
// run, over every code and every unkeyed way of hashing it; it must find
// nothing, and the same search with the key must find exactly the code
// e-mailed (so the test can fail).
func TestStoredProofsNeedTheKey(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	rc, err := f.svc.Submit(ctx, "werksta", accessForm(), "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	confirm := f.mail.parsed(t, 0)
	code := codeRE.FindString(confirm.Text)
	_, token := link(t, confirm, "confirm")
	rec, err := f.svc.Store.Get(ctx, rc.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, stored := range []string{rec.CodeHash, rec.ConfirmHash} {
		if strings.Contains(stored, code) || strings.Contains(stored, token) {
			t.Fatalf("a stored proof holds the secret: %q", stored)
		}
		if stored == hexSHA(token) || stored == hexSHA(rc.ID+":"+token) {
			t.Errorf("the token's proof is an unkeyed SHA-256 of it")
		}
	}

	unkeyed := func(c string) []string {
		return []string{hexSHA(c), hexSHA(rc.ID + ":" + c), hexSHA(rc.ID + c), hexSHA(c + rc.ID), hexSHA(c + ":" + rc.ID)}
	}
	links := keyring.New([]byte("link key")) // the fixture's key
	var withKey []string
	for n := 0; n < 1_000_000; n++ {
		c := fmt.Sprintf("%06d", n)
		for _, h := range unkeyed(c) {
			if h == rec.CodeHash || strings.Contains(rec.CodeHash, h[:16]) {
				t.Fatalf("code %s found from the stored proof without the key", c)
			}
		}
		if links.Verify(rec.CodeHash, f.clock.now(), time.Hour, "request-confirm-code", rc.ID, c) {
			withKey = append(withKey, c)
		}
	}
	if len(withKey) != 1 || withKey[0] != code {
		t.Errorf("with the key, the search finds %v; want exactly the code e-mailed, %s", withKey, code)
	}
}

// Rotating LINK_KEY keeps every pending code and link valid for the
// rest of its 48 hours: the stored proof names the key that made it, and
// the retired key is still in the ring. A key no longer in the ring
// proves nothing.
func TestRotationKeepsPendingCodesValid(t *testing.T) {
	ctx := context.Background()
	for _, proof := range []string{"code", "token"} {
		t.Run(proof, func(t *testing.T) {
			f := newFixture(t)
			old := []byte("link key") // the fixture's key
			rc, err := f.svc.Submit(ctx, "werksta", accessForm(), "192.0.2.1")
			if err != nil {
				t.Fatal(err)
			}
			confirm := f.mail.parsed(t, 0)
			p := requests.Proof{Code: codeRE.FindString(confirm.Text)}
			if proof == "token" {
				_, tok := link(t, confirm, "confirm")
				p = requests.Proof{Token: tok}
			}
			other, err := f.svc.Submit(ctx, "westrum", accessForm(), "192.0.2.1")
			if err != nil {
				t.Fatal(err)
			}
			otherConfirm := f.mail.parsed(t, 1)
			otherProof := requests.Proof{Code: codeRE.FindString(otherConfirm.Text)}
			if proof == "token" {
				_, tok := link(t, otherConfirm, "confirm")
				otherProof = requests.Proof{Token: tok}
			}

			f.clock.advance(time.Hour)
			f.svc.Links = keyring.New([]byte("the new link key"), keyring.RetiredKey{Secret: old, At: f.clock.now()})
			f.clock.advance(46 * time.Hour)
			rec, err := f.svc.Confirm(ctx, rc.ID, p)
			if err != nil || rec.Status != requests.StatusDelivered {
				t.Fatalf("a %s made before the rotation, 47 hours after submission: %v, %v", proof, rec.Status, err)
			}

			// Once the old key is gone from the ring, its proofs are
			// refused like any wrong one.
			f.svc.Links = keyring.New([]byte("the new link key"))
			_, err = f.svc.Confirm(ctx, other.ID, otherProof)
			want := problem.CodeBadCode
			if proof == "token" {
				want = problem.CodeBadToken
			}
			if problem.Code(err) != want {
				t.Errorf("a %s of a key no longer in the ring: %v, want %s", proof, err, want)
			}
		})
	}
}

// Requests stored before proofs were keyed (an unkeyed SHA-256, 64 hex
// digits) can still be confirmed within their 48 hours, so a release
// breaks no customer's pending code; after that they are refused, and the
// schedule deletes them.
func TestLegacyProofsOnlyWithinTheirTime(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	now := f.clock.now()
	mk := func(id, ref string) {
		t.Helper()
		rec := requests.Record{
			ID: id, Reference: ref, Controller: "werksta", Type: apprequests.TypeAccess, Language: "nb",
			Status: requests.StatusUnconfirmed, Form: accessForm(),
			ConfirmHash: hexSHA("legacy-token-" + id), CodeHash: hexSHA(id + ":123456"),
			SubmittedAt: now, ExpiresAt: now.Add(48 * time.Hour),
		}
		if err := f.svc.Store.Create(ctx, rec, outbox.Mail{OwnerID: id, Kind: requests.MailConfirm, Recipient: "ase@example.no", Message: []byte("Subject: x\r\n\r\nx")}); err != nil {
			t.Fatal(err)
		}
	}
	mk("0123456789abcdef0123456789abcdef", "AAAA-AAAA")
	mk("fedcba9876543210fedcba9876543210", "BBBB-BBBB")
	if _, err := f.svc.Confirm(ctx, "0123456789abcdef0123456789abcdef", requests.Proof{Code: "654321"}); problem.Code(err) != problem.CodeBadCode {
		t.Errorf("a wrong code against a legacy proof: %v", err)
	}
	f.clock.advance(47 * time.Hour)
	rec, err := f.svc.Confirm(ctx, "0123456789abcdef0123456789abcdef", requests.Proof{Code: "123456"})
	if err != nil || rec.Status != requests.StatusDelivered {
		t.Errorf("a legacy code within 48 hours: %v, %v", rec.Status, err)
	}
	f.clock.advance(2 * time.Hour)
	if _, err := f.svc.Check(ctx, "fedcba9876543210fedcba9876543210", "legacy-token-fedcba9876543210fedcba9876543210"); err == nil {
		t.Errorf("a legacy token after 48 hours was accepted")
	}
}

func hexSHA(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// The confirmation link of a confirmed request still opens its receipt
// after LINK_KEY was rotated, as long as the company's links do; only a
// key gone from the ring ends it.
func TestRotationKeepsConfirmedLinksOpen(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	old := []byte("link key") // the fixture's key
	rc, err := f.svc.Submit(ctx, "werksta", accessForm(), "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	_, tok := link(t, f.mail.parsed(t, 0), "confirm")
	if _, err := f.svc.Confirm(ctx, rc.ID, requests.Proof{Token: tok}); err != nil {
		t.Fatal(err)
	}
	f.svc.Links = keyring.New([]byte("the new link key"), keyring.RetiredKey{Secret: old, At: f.clock.now()})
	for _, after := range []time.Duration{time.Hour, 72 * time.Hour, 30 * 24 * time.Hour} {
		f.clock.advance(after)
		if rec, err := f.svc.Check(ctx, rc.ID, tok); err != nil || rec.ID != rc.ID {
			t.Errorf("%v after the rotation, the confirmed request's link: %v", after, err)
		}
	}
	f.clock.advance(requests.CompanyLinkLifetime)
	if _, err := f.svc.Check(ctx, rc.ID, tok); err == nil {
		t.Error("the link still opens after the retired key's time")
	}
}
