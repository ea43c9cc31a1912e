package d1_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"privacyportal/app/emailaddr"
	"privacyportal/app/i18n"
	apprequests "privacyportal/app/requests"
	. "privacyportal/functions/d1"
	"privacyportal/functions/d1/d1test"
	"privacyportal/functions/exports"
	"privacyportal/functions/marketingconsent"
	"privacyportal/functions/outbox"
	"privacyportal/functions/requests"
)

// oldRows puts rows into a database as the schema before 0007 held them.
type oldRows struct {
	t   *testing.T
	db  SQL
	seq int
}

func (o *oldRows) exec(query string, args ...any) {
	o.t.Helper()
	if _, err := o.db.DB.Exec(query, args...); err != nil {
		o.t.Fatalf("%v\n%s", err, query)
	}
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

func (o *oldRows) person(id, controller, email string, created, updated time.Time, phone, street string) {
	o.t.Helper()
	o.exec(`INSERT INTO marketing_people (id, controller, email, phone, name, street, postal_code, city, language, created_at, updated_at)
		VALUES (?, ?, ?, NULLIF(?, ''), NULLIF(?, ''), NULLIF(?, ''), NULLIF(?, ''), NULLIF(?, ''), 'nb', ?, ?)`,
		id, controller, email, phone, map[bool]string{true: "Name of " + id}[street != ""], street,
		map[bool]string{true: "0150"}[street != ""], map[bool]string{true: "Oslo"}[street != ""], stamp(created), stamp(updated))
}

// consent adds a channel's record and its history: granted, then the
// status it has, if another.
func (o *oldRows) consent(id, controller, personID, channel, status string, updated time.Time) {
	o.t.Helper()
	o.exec(`INSERT INTO marketing_consents (id, controller, person_id, channel, status, purposes, lawful_basis,
		opted_in_at, confirmed_at, withdrawn_at, policy_version, wording_sha256, language, source_page, updated_at)
		VALUES (?, ?, ?, ?, ?, '', 'basis', ?, ?, ?, 'v1', 'hash-'||?, 'nb', NULL, ?)`,
		id, controller, personID, channel, status, stamp(updated.Add(-time.Hour)), stamp(updated.Add(-time.Hour)),
		map[bool]any{true: stamp(updated), false: nil}[status == "withdrawn"], id, stamp(updated))
	event := func(ev string, at time.Time) {
		o.exec(`INSERT INTO marketing_events (controller, consent_id, person_id, channel, event, at, via, policy_version, wording_sha256, language)
			VALUES (?, ?, ?, ?, ?, ?, 'form', 'v1', 'hash-'||?, 'nb')`, controller, id, personID, channel, ev, stamp(at), id)
	}
	if status == "reserved" {
		event("reserved", updated)
		return
	}
	event("granted", updated.Add(-time.Hour))
	if status == "withdrawn" {
		event("withdrawn", updated)
	}
}

// The case, migrated: Kari opted in as Kari.N@Example.NO, and as
// kari.n@example.no withdrew e-mail (a second person, before 0007) and
// said no to post. After 0007 she is one person: e-mail withdrawn (the
// withdrawal wins over the older spelling's consent), SMS granted, post
// reserved; every event kept, an event "via merge" where the kept status
// differs from a dropped one; the older spelling's manage link still
// opens her page; the newest address given is hers.
func TestMigrationMergesSpellings(t *testing.T) {
	ctx := context.Background()
	s, db := d1test.OpenBefore(t, "0007")
	o := &oldRows{t: t, db: db}
	o.person("p-upper", "werksta", "Kari.N@Example.NO", t0, t0, "+4791234567", "")
	o.person("p-lower", "werksta", "kari.n@example.no", t0.Add(time.Hour), t0.Add(48*time.Hour), "", "Storgata 1")
	o.person("p-other", "werksta", "ola@example.no", t0, t0, "", "")
	o.person("p-elsewhere", "carglass", "KARI.N@example.no", t0, t0, "", "")
	o.consent("c1", "werksta", "p-upper", "email", "granted", t0.Add(72*time.Hour)) // newer, but a consent
	o.consent("c2", "werksta", "p-upper", "sms", "granted", t0)
	o.consent("c3", "werksta", "p-lower", "email", "withdrawn", t0.Add(24*time.Hour))
	o.consent("c4", "werksta", "p-lower", "post", "reserved", t0.Add(24*time.Hour))
	o.consent("c5", "werksta", "p-other", "email", "granted", t0)
	o.consent("c6", "carglass", "p-elsewhere", "email", "granted", t0)
	var eventsBefore int
	db.DB.QueryRow(`SELECT COUNT(*) FROM marketing_events`).Scan(&eventsBefore)

	d1test.Migrate(t, db, "0007")

	p, err := s.PersonByEmail(ctx, "werksta", "kari.n@example.no")
	if err != nil {
		t.Fatal(err)
	}
	want := marketingconsent.Person{ID: "p-upper", Controller: "werksta", Email: "kari.n@example.no", Phone: "+4791234567",
		Name: "Name of p-lower", Street: "Storgata 1", PostalCode: "0150", City: "Oslo", Language: i18n.NB}
	if diff := cmp.Diff(want, p); diff != "" {
		t.Errorf("the merged person (-want +got):\n%s", diff)
	}
	merged, err := s.GetPerson(ctx, "p-lower")
	if err != nil || merged.ID != "p-upper" {
		t.Errorf("GetPerson of the merged id = %+v, %v; want p-upper", merged, err)
	}
	cs, _ := s.Consents(ctx, "p-upper")
	got := map[string]string{}
	for _, c := range cs {
		got[c.Channel] = c.ID + " " + c.Status
	}
	if diff := cmp.Diff(map[string]string{"email": "c3 withdrawn", "sms": "c2 granted", "post": "c4 reserved"}, got); diff != "" {
		t.Errorf("consents (-want +got):\n%s", diff)
	}
	// Others are left alone: another person, the same address at another
	// company (lower-cased, since it is matched by that spelling now).
	if p, err := s.PersonByEmail(ctx, "carglass", "kari.n@example.no"); err != nil || p.ID != "p-elsewhere" {
		t.Errorf("the same address at another company: %+v, %v", p, err)
	}
	var people int
	db.DB.QueryRow(`SELECT COUNT(*) FROM marketing_people`).Scan(&people)
	if people != 3 {
		t.Errorf("%d people, want 3", people)
	}
	// Every event is kept and still exported; one more says what stands
	// on e-mail, where the dropped record had said "granted".
	evs, err := s.EventsPage(ctx, exports.Filter{Controller: "werksta"}, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, e := range evs {
		if e.Email == "kari.n@example.no" {
			lines = append(lines, e.ConsentID+" "+e.Channel+" "+e.Event+" via "+e.Via)
		}
	}
	wantLines := []string{
		"c3 email granted via form", // c1's, moved to the record kept
		"c2 sms granted via form",
		"c3 email granted via form",
		"c3 email withdrawn via form",
		"c4 post reserved via form",
		"c3 email withdrawn via merge",
	}
	if diff := cmp.Diff(wantLines, lines); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if len(evs) != eventsBefore-1+1 { // carglass's one is not werksta's; one merge event
		t.Errorf("%d werksta events exported, want %d", len(evs), eventsBefore)
	}
}

// Generated histories: groups of people whose addresses differ only in
// case and spaces, each with random statuses on random channels, merge
// into one person per company and address; on every channel the status
// kept is a withdrawal or reservation if any spelling had one (the newest
// such), else the newest consent; no event is lost or left pointing at a
// record that is gone; replaying the events ends at the current status.
func TestMigrationMergesGeneratedHistories(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 0))
	for run := range 20 {
		t.Run(fmt.Sprint(run), func(t *testing.T) {
			ctx := context.Background()
			s, db := d1test.OpenBefore(t, "0007")
			o := &oldRows{t: t, db: db}
			type key struct{ controller, email, channel string }
			type cand struct {
				status  string
				updated time.Time
			}
			best := map[key]cand{}
			firstID := map[[2]string]string{}
			firstAt := map[[2]string]time.Time{}
			n := 0
			for a := range 1 + r.IntN(4) {
				addr := fmt.Sprintf("kari%d.n@example.no", a)
				for _, controller := range []string{"werksta", "car-room"}[:1+r.IntN(2)] {
					for range 1 + r.IntN(4) {
						n++
						id := fmt.Sprintf("p%03d", n)
						created := t0.Add(time.Duration(r.IntN(1000)) * time.Minute)
						o.person(id, controller, spellOf(r, addr), created, created.Add(time.Hour), "", "")
						g := [2]string{controller, addr}
						if at, seen := firstAt[g]; !seen || created.Before(at) || created.Equal(at) && id < firstID[g] {
							firstAt[g], firstID[g] = created, id
						}
						for _, ch := range []string{"email", "sms", "phone", "post"} {
							if r.IntN(3) == 0 {
								continue
							}
							st := []string{"granted", "withdrawn", "reserved"}[r.IntN(3)]
							updated := created.Add(time.Duration(1+r.IntN(5000)) * time.Minute)
							o.consent("c-"+id+"-"+ch, controller, id, ch, st, updated)
							k := key{controller, addr, ch}
							c, seen := best[k]
							protective := func(s string) bool { return s != "granted" }
							if !seen || protective(st) && !protective(c.status) ||
								protective(st) == protective(c.status) && updated.After(c.updated) {
								best[k] = cand{st, updated}
							}
						}
					}
				}
			}
			var before int
			db.DB.QueryRow(`SELECT COUNT(*) FROM marketing_events`).Scan(&before)

			d1test.Migrate(t, db, "0007")

			got := map[key]cand{}
			for g, id := range firstID {
				p, err := s.PersonByEmail(ctx, g[0], g[1])
				if err != nil || p.ID != id {
					t.Fatalf("PersonByEmail(%s, %s) = %+v, %v; want the first created, %s", g[0], g[1], p, err, id)
				}
				cs, _ := s.Consents(ctx, id)
				for _, c := range cs {
					got[key{g[0], g[1], c.Channel}] = cand{c.Status, c.UpdatedAt}
				}
			}
			if diff := cmp.Diff(best, got, cmp.AllowUnexported(cand{})); diff != "" {
				t.Fatalf("statuses after the merge (-want +got):\n%s", diff)
			}
			var people, orphans, after, wrongEnd int
			db.DB.QueryRow(`SELECT COUNT(*) FROM marketing_people`).Scan(&people)
			db.DB.QueryRow(`SELECT COUNT(*) FROM marketing_events e WHERE NOT EXISTS (SELECT 1 FROM marketing_consents c
				WHERE c.id = e.consent_id AND c.person_id = e.person_id)`).Scan(&orphans)
			db.DB.QueryRow(`SELECT COUNT(*) FROM marketing_events WHERE via <> 'merge'`).Scan(&after)
			db.DB.QueryRow(`SELECT COUNT(*) FROM marketing_consents c WHERE c.status <> (SELECT e.event FROM marketing_events e
				WHERE e.consent_id = c.id ORDER BY e.seq DESC LIMIT 1)`).Scan(&wrongEnd)
			if people != len(firstID) || orphans != 0 || after != before || wrongEnd != 0 {
				t.Errorf("%d people (want %d), %d events pointing nowhere, %d events of %d kept, %d records whose last event is not their status",
					people, len(firstID), orphans, after, before, wrongEnd)
			}
			var merged int
			db.DB.QueryRow(`SELECT COUNT(*) FROM marketing_people_merged`).Scan(&merged)
			if merged != n-len(firstID) {
				t.Errorf("%d ids listed as merged, want %d", merged, n-len(firstID))
			}
		})
	}
}

func spellOf(r *rand.Rand, addr string) string {
	b := []byte(addr)
	for i, c := range b {
		if 'a' <= c && c <= 'z' && r.IntN(2) == 0 {
			b[i] = c - 'a' + 'A'
		}
	}
	out := []string{"", " "}[r.IntN(2)] + string(b) + []string{"", " "}[r.IntN(2)]
	if emailaddr.Normalize(out) != addr {
		panic("spellOf: " + out)
	}
	return out
}

// A withdrawal of consent or an objection is erased only once it is
// recorded in marketing: until then the schedule finds it, with the
// address it records it by.
func TestEraseWaitsForMarketing(t *testing.T) {
	ctx := context.Background()
	s, _ := d1test.Open(t)
	for _, typ := range []string{apprequests.TypeWithdrawConsent, apprequests.TypeObjection, apprequests.TypeAccess} {
		rec := newRecord(typ)
		rec.Type, rec.Form.Type = typ, typ
		if typ == apprequests.TypeObjection {
			rec.Form.ObjectionScope = apprequests.ObjectDirectMarketing
		}
		s.Create(ctx, rec, confirmMail(rec.ID))
		s.Confirm(ctx, confirmed(rec, t0), outbox.Mail{OwnerID: rec.ID, Kind: requests.MailForward, Recipient: "i@example.no", Message: []byte("f")})
	}
	mail, _ := s.Unsent(ctx, "", t0, 10)
	for _, m := range mail {
		s.Sent(ctx, m, t0)
	}
	pending, err := s.PendingRequests(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range pending {
		ids = append(ids, p.ID+" "+p.Email+" "+p.ObjectionScope)
	}
	if diff := cmp.Diff([]string{"objection ase@example.no direct_marketing", "withdraw_consent ase@example.no "}, ids); diff != "" {
		t.Errorf("pending (-want +got):\n%s", diff)
	}
	if n, err := s.Erase(ctx, t0, t0.Add(time.Hour)); n != 1 || err != nil {
		t.Errorf("Erase = %d, %v; want only the access request erased", n, err)
	}
	if _, err := s.ApplyRequest(ctx, marketingconsent.RequestRecord{RequestID: apprequests.TypeObjection, Controller: "werksta", At: t0}); err != nil {
		t.Fatal(err)
	}
	if pending, _ := s.PendingRequests(ctx, 10); len(pending) != 1 || pending[0].ID != apprequests.TypeWithdrawConsent {
		t.Errorf("pending after recording the objection: %+v", pending)
	}
	if n, err := s.Erase(ctx, t0, t0.Add(2*time.Hour)); n != 1 || err != nil {
		t.Errorf("Erase = %d, %v; want the recorded objection erased", n, err)
	}
	for id, erased := range map[string]bool{apprequests.TypeObjection: true, apprequests.TypeWithdrawConsent: false} {
		if got, _ := s.Get(ctx, id); got.Erased != erased || (got.Form.Email == "") != erased {
			t.Errorf("%s: erased %v, form %q", id, got.Erased, got.Form.Email)
		}
	}
}
