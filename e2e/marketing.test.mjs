// Marketing consent as a customer and a marketer meet it: opt in per
// channel, confirm from the e-mail (double opt-in), see yourself in the
// export, withdraw from the e-mail's link and see the withdrawal in the next
// export; say no to post; a data-subject request withdraws consent too, and
// an objection reserves every channel, whichever spelling of the address it
// came with; the manage page says only what changed; the export's 401/403
// matrix; and the marketer's page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startPortal, launchBrowser, waitForApp, waitForMessage, axeViolations, watch, issueToken } from "./harness.mjs";

let portal, browser;
// Each company's export token, of every scope, issued as an operator
// would (make token); WERKSTA is Werksta's.
const tokens = {};
let WERKSTA;

before(async () => {
  portal = await startPortal({ port: 8793 });
  browser = await launchBrowser();
  for (const slug of ["werksta", "westrum", "carglass", "car-room"]) tokens[slug] = (await issueToken(portal, slug)).token;
  WERKSTA = tokens.werksta;
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

// Werksta's marketing as its controller file declares it: the wording a
// customer ticks is built from its purposes, in the customer's own words.
const werksta = JSON.parse(readFileSync(new URL("../site/controllers/werksta.json", import.meta.url), "utf8"));
const purposes = (channel) => werksta.marketing.channels.find((c) => c.channel === channel).purposes.join("; ");

async function exportRows(slug, query = "", token = tokens[slug]) {
  const res = await fetch(`${portal.base}/api/${slug}/exports/marketing?format=jsonl${query}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  assert.equal(res.status, 200);
  const text = await res.text();
  return text.trim() === "" ? [] : text.trim().split("\n").map((l) => JSON.parse(l));
}

const linkIn = (mail, path) => {
  const m = new RegExp(`(http://127\\.0\\.0\\.1:${new URL(portal.base).port}${path.replace(/[?]/g, "\\?")}[^\\s]+)`).exec(mail.text);
  assert.ok(m, `no ${path} link to ${portal.base} in:\n${mail.text}`);
  return m[1];
};

test("opt in to Werksta's e-mail marketing, confirm from the e-mail, see it in the export, withdraw from the link, see the withdrawal", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const seen = watch(page, portal.base);
  await page.goto(`${portal.base}/werksta/marketing`);
  await waitForApp(page);
  const wording = `Ja, Werksta kan sende meg markedsføring på e-post: ${purposes("email")}.`;
  const box = page.getByLabel(wording);
  assert.equal(await box.isChecked(), false, "nothing is pre-ticked");
  await box.check();
  // E-mail needs no phone number or address: those fields are hidden.
  await page.getByLabel("Telefon", { exact: true }).waitFor({ state: "hidden" });
  assert.ok(await page.getByLabel("Gateadresse").isHidden(), "the address field is hidden");
  await page.getByLabel("E-post", { exact: true }).fill("kåre.mk@example.no".replace("å", "a"));
  assert.deepEqual(await axeViolations(page), []);
  await page.getByRole("button", { name: "Send" }).click();
  await page.getByText(/Sjekk e-posten din: vi har sendt en lenke til kare\.mk@example\.no/).waitFor();
  assert.deepEqual(await exportRows("werksta", "&status=granted").then((r) => r.filter((x) => x.email === "kare.mk@example.no")), [], "nothing counts before confirmation");

  const confirm = await waitForMessage(portal.outbox, "kare.mk@example.no", /^Bekreft valgene dine om markedsføring fra Werksta$/);
  assert.ok(confirm.text.includes(wording), "the e-mail quotes what was chosen");
  await page.goto(linkIn(confirm, "/api/marketing/confirm?t="));
  await page.getByRole("button", { name: "Bekreft" }).click();
  await page.getByRole("heading", { name: "Valgene dine er lagret" }).waitFor();

  const receipt = await waitForMessage(portal.outbox, "kare.mk@example.no", /^Kvittering: dine valg om markedsføring fra Werksta$/);
  assert.ok(receipt.text.includes(wording), "the receipt has the exact wording");
  let rows = (await exportRows("werksta")).filter((r) => r.email === "kare.mk@example.no");
  assert.equal(rows.length, 1);
  assert.equal(rows[0].channel, "email");
  assert.equal(rows[0].status, "granted");
  // The basis under Norway's marketing act, and the channel's rule there.
  assert.equal(rows[0].lawful_basis, "consent (markedsføringsloven § 15; GDPR art. 6(1)(a))");
  assert.equal(rows[0].channel_rule, "consent_or_existing_customer");
  assert.equal(rows[0].policy_version, werksta.marketing.policy_version);
  assert.equal(rows[0].source_page, "/werksta/marketing");
  assert.ok(rows[0].opted_in_at && rows[0].confirmed_at && !rows[0].withdrawn_at);

  // The same link works once.
  await page.goto(linkIn(confirm, "/api/marketing/confirm?t="));
  await page.getByText("Lenken er utløpt eller allerede brukt.").waitFor();

  // Withdraw from the receipt's link: one click, at once.
  await page.goto(linkIn(receipt, "/api/marketing/manage?p="));
  await page.getByText(/^Du har sagt ja, siden /).waitFor();
  await page.getByRole("button", { name: "Trekk tilbake samtykket til markedsføring på e-post" }).click();
  await page.getByText("Samtykket er trukket tilbake.").waitFor();
  rows = (await exportRows("werksta")).filter((r) => r.email === "kare.mk@example.no");
  assert.equal(rows[0].status, "withdrawn");
  assert.ok(rows[0].withdrawn_at);
  const suppression = await (await fetch(`${portal.base}/api/werksta/exports/suppression?format=jsonl`, { headers: { Authorization: `Bearer ${WERKSTA}` } })).text();
  assert.match(suppression, /kare\.mk@example\.no/);
  const events = await exportRows("werksta", "&view=events");
  assert.deepEqual(events.filter((e) => e.email === "kare.mk@example.no").map((e) => `${e.event} via ${e.via}`), ["granted via form", "withdrawn via link"]);
  assert.deepEqual(seen.foreign, []);
  await context.close();
});

test("SMS needs a mobile number, checked at the field and stored in E.164; CAR-ROOM asks in Danish", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${portal.base}/car-room/marketing`);
  await waitForApp(page);
  // A Danish consent names the legal entity and what will be marketed.
  const yes = page.getByLabel(/^Ja, CAR-ROOM A\/S må sende mig markedsføring på SMS: .* Markedsføringen gælder: Køb\/salg eller leasing af biler; Servicering og værkstedsydelser\.$/);
  await yes.check();
  await page.getByLabel("E-mail", { exact: true }).fill("sms.kunde@example.dk");
  await page.getByRole("button", { name: "Send" }).click();
  await page.getByText("Skriv dit mobilnummer. Det skal bruges til SMS og telefon.", { exact: true }).waitFor();
  await page.getByLabel("Telefon", { exact: true }).fill("60 19 70 71");
  await page.getByRole("button", { name: "Send" }).click();
  await page.getByText(/Tjek din e-mail/).waitFor();
  const confirm = await waitForMessage(portal.outbox, "sms.kunde@example.dk", /^Bekræft dine valg om markedsføring fra CAR-ROOM$/);
  const res = await fetch(linkIn(confirm, "/api/marketing/confirm?t=").replace("/confirm?t=", "/confirm?t="), { redirect: "manual" });
  assert.equal(res.status, 200);
  const token = new URL(linkIn(confirm, "/api/marketing/confirm?t=")).searchParams.get("t");
  const done = await fetch(`${portal.base}/api/marketing/confirm`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ t: token }) });
  assert.deepEqual(await done.json(), { status: "confirmed", expires_at: "" });
  const row = (await exportRows("car-room")).find((r) => r.email === "sms.kunde@example.dk");
  assert.equal(row.phone, "+4560197071");
  assert.equal(row.channel, "sms");
  await context.close();
});

test("without JavaScript, a customer says no to post marketing; the reservation is exported with the address", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${portal.base}/westrum/marketing`);
  await page.getByLabel("Nei, Westrum skal ikke kontakte meg med markedsføring i posten.").check();
  await page.getByLabel("E-post", { exact: true }).fill("post.nei@example.no");
  await page.getByRole("button", { name: "Send" }).click();
  // The address is needed for post: the form comes back, filled in, with errors at the fields.
  await page.getByText("Skriv gateadressen din. Den trengs for post.", { exact: true }).waitFor();
  assert.equal(await page.getByLabel("E-post", { exact: true }).inputValue(), "post.nei@example.no");
  assert.ok(await page.getByLabel("Nei, Westrum skal ikke kontakte meg med markedsføring i posten.").isChecked());
  await page.getByLabel("Navn på konvolutten").fill("Åsmund Ødegård");
  await page.getByLabel("Gateadresse").fill("Storgata 1");
  await page.getByLabel("Postnummer").fill("2320");
  await page.getByLabel("Poststed").fill("Furnes");
  await page.getByRole("button", { name: "Send" }).click();
  await page.getByText(/Sjekk e-posten din/).waitFor();
  const confirm = await waitForMessage(portal.outbox, "post.nei@example.no", /^Bekreft valgene dine/);
  await page.goto(linkIn(confirm, "/api/marketing/confirm?t="));
  await page.getByRole("button", { name: "Bekreft" }).click();
  await page.getByRole("heading", { name: "Valgene dine er lagret" }).waitFor();
  const row = (await exportRows("westrum", "&status=reserved")).find((r) => r.email === "post.nei@example.no");
  assert.deepEqual(
    { channel: row.channel, name: row.name, street: row.street, postal_code: row.postal_code, city: row.city, basis: row.lawful_basis },
    { channel: "post", name: "Åsmund Ødegård", street: "Storgata 1", postal_code: "2320", city: "Furnes", basis: "reservation (markedsføringsloven §§ 12-13)" },
  );
  // A reservation is on the suppression list: marketers must not post to them.
  const suppression = await (await fetch(`${portal.base}/api/westrum/exports/suppression?format=jsonl`, { headers: { Authorization: `Bearer ${tokens.westrum}` } })).text();
  const entry = suppression.trim().split("\n").map((l) => JSON.parse(l)).find((r) => r.email === "post.nei@example.no");
  assert.deepEqual({ channel: entry.channel, status: entry.status, city: entry.city }, { channel: "post", status: "reserved", city: "Furnes" });
  await context.close();
});

test("a confirmed request to withdraw consent withdraws the person's marketing consent", async () => {
  const email = "trekk.tilbake@example.no";
  const optin = await fetch(`${portal.base}/api/carglass/marketing`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ channels: ["email"], email, language: "nb" }),
  });
  assert.equal(optin.status, 202);
  const confirm = await waitForMessage(portal.outbox, email, /^Bekreft valgene dine/);
  const token = new URL(linkIn(confirm, "/api/marketing/confirm?t=")).searchParams.get("t");
  await fetch(`${portal.base}/api/marketing/confirm`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ t: token }) });
  assert.equal((await exportRows("carglass")).find((r) => r.email === email).status, "granted");

  const req = await (await fetch(`${portal.base}/api/carglass/requests`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ type: "withdraw_consent", name: "Trekk Tilbake", email, language: "nb" }),
  })).json();
  const mail = await waitForMessage(portal.outbox, email, /^Bekreft kravet ditt til Carglass$/);
  const code = /: (\d{6})\b/.exec(mail.text)[1];
  const res = await fetch(`${portal.base}/api/requests/${req.id}/confirm`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ code }) });
  assert.equal(res.status, 200);
  const events = (await exportRows("carglass", "&view=events")).filter((r) => r.email === email);
  assert.deepEqual(events.map((e) => `${e.channel} ${e.event} via ${e.via}`), ["email granted via form", "email withdrawn via request", "sms withdrawn via request"]);
  // A withdrawal of consent reaches the consent Carglass may hold for SMS
  // too; phone and post, which need no consent in Norway, are not a "no".
  const rows = Object.fromEntries((await exportRows("carglass")).filter((r) => r.email === email).map((r) => [r.channel, r.status]));
  assert.deepEqual(rows, { email: "withdrawn", sms: "withdrawn" });
  const receipt = await waitForMessage(portal.outbox, email, /^Kvittering: kravet ditt er sendt til Carglass/);
  assert.match(receipt.text, /Markedsføring på telefon og i posten krever ikke samtykke/);
});

// The issue's "one mailbox, two people" and "stops nothing for phone and
// post", end to end: opt in with one spelling of an address, object to
// direct marketing through the request form with another, and the export
// lists the person, once, as reserved by the objection on every channel of the
// company; the suppression list and the person's own page say so too.
test("opt in as Kari.Obj@Example.NO, object through the request form as kari.obj@example.no: reserved on every channel", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const seen = watch(page, portal.base);
  await page.goto(`${portal.base}/werksta/marketing`);
  await waitForApp(page);
  await page.getByLabel(`Ja, Werksta kan sende meg markedsføring på e-post: ${purposes("email")}.`).check();
  await page.getByLabel(`Ja, Werksta kan sende meg markedsføring på SMS: ${purposes("sms")}.`).check();
  await page.getByLabel("E-post", { exact: true }).fill("Kari.Obj@Example.NO");
  await page.getByLabel("Telefon", { exact: true }).fill("912 34 567");
  await page.getByRole("button", { name: "Send" }).click();
  await page.getByText(/Sjekk e-posten din/).waitFor();
  // The address a person is known by is one spelling, the mail goes there.
  const confirm = await waitForMessage(portal.outbox, "kari.obj@example.no", /^Bekreft valgene dine om markedsføring fra Werksta$/);
  await page.goto(linkIn(confirm, "/api/marketing/confirm?t="));
  await page.getByRole("button", { name: "Bekreft" }).click();
  await page.getByRole("heading", { name: "Valgene dine er lagret" }).waitFor();
  const optInReceipt = await waitForMessage(portal.outbox, "kari.obj@example.no", /^Kvittering: dine valg om markedsføring fra Werksta$/);

  // The objection, from the request form, in another spelling.
  await page.goto(`${portal.base}/werksta/request`);
  await waitForApp(page);
  await page.getByLabel("Protest", { exact: true }).check();
  await page.getByLabel("Markedsføring til meg").check();
  await page.getByLabel("Navn", { exact: true }).fill("Kari Objekt");
  await page.getByLabel("E-post", { exact: true }).fill("  kari.obj@example.no ");
  await page.getByRole("button", { name: "Send kravet" }).click();
  await page.getByRole("heading", { name: "Sjekk e-posten din" }).waitFor();
  const mail = await waitForMessage(portal.outbox, "kari.obj@example.no", /^Bekreft kravet ditt til Werksta$/);
  await page.getByLabel("Kode fra e-posten").fill(/: (\d{6})\b/.exec(mail.text)[1]);
  await page.getByRole("button", { name: "Bekreft kravet" }).click();
  await page.getByRole("heading", { name: "Kravet er sendt" }).waitFor();

  // Every channel the portal knows, Werksta's own (e-mail, SMS, post)
  // among them: reserved by the objection, the consents given before too.
  const rows = (await exportRows("werksta")).filter((r) => r.email.toLowerCase() === "kari.obj@example.no");
  const byChannel = Object.fromEntries(rows.map((r) => [r.channel, `${r.email} ${r.status}`]));
  assert.equal(rows.length, 4, `one row per channel, one person: ${JSON.stringify(rows)}`);
  assert.deepEqual(byChannel, {
    email: "kari.obj@example.no reserved",
    sms: "kari.obj@example.no reserved",
    phone: "kari.obj@example.no reserved",
    post: "kari.obj@example.no reserved",
  });
  for (const ch of werksta.marketing.channels.map((c) => c.channel)) assert.ok(byChannel[ch], `Werksta's channel ${ch} is in the export`);
  for (const r of rows) {
    assert.match(r.lawful_basis, /^objection \(markedsføringsloven (§§ 12-1[34]|§ 15); GDPR art\. 21\(3\)\)$/);
    assert.equal(r.source_page, "/werksta/request");
  }
  const csv = await (await fetch(`${portal.base}/api/werksta/exports/suppression?format=csv`, { headers: { Authorization: `Bearer ${WERKSTA}` } })).text();
  const suppressed = csv.split("\r\n").filter((l) => l.startsWith("kari.obj@example.no;")).map((l) => l.split(";")[6]).sort();
  assert.deepEqual(suppressed, ["email", "phone", "post", "sms"], "on the suppression list on every channel");
  const events = (await exportRows("werksta", "&view=events")).filter((e) => e.email === "kari.obj@example.no");
  assert.deepEqual(events.map((e) => `${e.channel} ${e.event} via ${e.via}`), [
    "email granted via form", "sms granted via form",
    "email withdrawn via request", "sms withdrawn via request",
    "email reserved via request", "sms reserved via request", "phone reserved via request", "post reserved via request",
  ]);

  // The customer's receipt says what the portal recorded.
  const receipt = await waitForMessage(portal.outbox, "kari.obj@example.no", /^Kvittering: kravet ditt er sendt til Werksta/);
  assert.match(receipt.text, /Portalen registrerer dette i markedsføringen til Werksta:/);
  for (const ch of ["på e-post", "på SMS", "på telefon", "i posten"]) {
    assert.ok(receipt.text.includes(`> Nei, Werksta skal ikke kontakte meg med markedsføring ${ch}.`), `the receipt names ${ch}`);
  }
  assert.match(receipt.text, /får deg på sperrelisten sin/);

  // The person's own page shows what D1 holds: nothing left to withdraw.
  await page.goto(linkIn(optInReceipt, "/api/marketing/manage?p="));
  await page.getByRole("heading", { name: "E-post" }).waitFor();
  const main = await page.locator("main").innerText();
  assert.equal((main.match(/Trukket tilbake/g) || []).length, 0);
  assert.equal((main.match(/Du har sagt nei/g) || []).length, 4);
  assert.equal(await page.getByRole("button", { name: /^Trekk tilbake/ }).count(), 0);
  assert.deepEqual(await axeViolations(page), []);

  // The marketer's page lists the same rows.
  await page.goto(`${portal.base}/werksta/export`);
  await waitForApp(page);
  await page.getByLabel("Eksportnøkkel").fill(WERKSTA);
  await page.getByRole("button", { name: "Hent" }).click();
  await page.getByRole("heading", { name: "Oversikt per kanal" }).waitFor();
  const tableRows = page.getByRole("row").filter({ has: page.getByRole("cell", { name: "kari.obj@example.no" }) });
  await tableRows.first().waitFor();
  const shown = (await tableRows.allInnerTexts()).map((t) => (t.match(/Samtykke trukket tilbake|Reservert mot kontakt|Samtykke gitt/) || [""])[0]).sort();
  assert.deepEqual(shown, ["Reservert mot kontakt", "Reservert mot kontakt", "Reservert mot kontakt", "Reservert mot kontakt"]);
  assert.deepEqual(seen.foreign, []);
  await context.close();
});

// The manage page answers only what happened: a withdrawal that finds no
// consent says nothing changed, and a channel it does not know, or none,
// is refused with a message and changes nothing.
test("the manage page refuses an unknown or empty channel and says when nothing changed", async () => {
  const email = "ingen.endring@example.no";
  const optin = await fetch(`${portal.base}/api/carglass/marketing`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ channels: ["email"], email: "Ingen.Endring@Example.no", language: "nb" }),
  });
  assert.equal(optin.status, 202);
  const confirm = await waitForMessage(portal.outbox, email, /^Bekreft valgene dine/);
  const token = new URL(linkIn(confirm, "/api/marketing/confirm?t=")).searchParams.get("t");
  await fetch(`${portal.base}/api/marketing/confirm`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ t: token }) });
  const receipt = await waitForMessage(portal.outbox, email, /^Kvittering: dine valg/);
  const manage = new URL(linkIn(receipt, "/api/marketing/manage?p="));
  const post = (channel) =>
    fetch(`${portal.base}/api/marketing/manage`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ p: manage.searchParams.get("p"), t: manage.searchParams.get("t"), channel }),
    });
  for (const channel of ["", "fax", "Email"]) {
    const res = await post(channel);
    assert.equal(res.status, 422, `channel ${JSON.stringify(channel)}`);
    const html = await res.text();
    assert.match(html, /role="alert"[^>]*>Velg en av kanalene på siden\. Ingenting er endret\.</);
    assert.doesNotMatch(html, /Samtykket er trukket tilbake/);
  }
  assert.equal((await exportRows("carglass")).find((r) => r.email === email).status, "granted", "refused posts changed nothing");

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(manage.href);
  await page.getByRole("button", { name: "Trekk tilbake samtykket til markedsføring på e-post" }).click();
  await page.getByText("Samtykket er trukket tilbake. Du blir ikke kontaktet slik igjen.").waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
  for (const [channel, text] of [
    ["email", "Ingenting er endret: du hadde ikke noe samtykke til markedsføring på e-post å trekke tilbake."],
    ["sms", "Ingenting er endret: du hadde ikke noe samtykke til markedsføring på SMS å trekke tilbake."],
    ["all", "Ingenting er endret: du hadde ingen samtykker å trekke tilbake."],
  ]) {
    const res = await post(channel);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.ok(html.includes(text), `channel ${channel}: ${text}`);
    assert.doesNotMatch(html, /Samtykket er trukket tilbake/);
  }
  const events = (await exportRows("carglass", "&view=events")).filter((e) => e.email === email);
  assert.deepEqual(events.map((e) => `${e.event} via ${e.via}`), ["granted via form", "withdrawn via link"]);
});

test("exports need the company's own token: 401 without or with a wrong one, 403 with another company's", async () => {
  const paths = ["exports/marketing", "exports/marketing?view=events&format=jsonl", "exports/suppression", "exports/cookies", "exports/summary"];
  const cases = [
    [undefined, 401],
    ["Bearer nope", 401],
    [WERKSTA, 401], // not a bearer token
    [`Bearer ${tokens.westrum}`, 403],
    [`Bearer ${WERKSTA}`, 200],
  ];
  for (const path of paths) {
    for (const [auth, want] of cases) {
      const res = await fetch(`${portal.base}/api/werksta/${path}`, { headers: auth ? { Authorization: auth } : {} });
      assert.equal(res.status, want, `${path} with ${auth}`);
      if (want !== 200) assert.match((await res.json()).error.code, /^(unauthorized|forbidden)$/);
    }
  }
  const bad = await fetch(`${portal.base}/api/werksta/exports/marketing?since=yesterday`, { headers: { Authorization: `Bearer ${WERKSTA}` } });
  assert.equal(bad.status, 400);
});

test("the CSV opens as Norwegian and Danish spreadsheets expect: BOM, semicolons, CRLF, æøå intact", async () => {
  await fetch(`${portal.base}/api/werksta/consent/cookies`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ consent_id: "3f2b8c1e-9a4d-4e7b-8c2a-5d6e7f809a1b", granted: ["statistics"], refused: ["marketing"], policy_version: werksta.cookies.policy_version, method: "save", gpc: false, language: "nb", page: "/werksta/" }),
  });
  const res = await fetch(`${portal.base}/api/werksta/exports/marketing?format=csv`, { headers: { Authorization: `Bearer ${WERKSTA}` } });
  assert.equal(res.headers.get("content-type"), "text/csv; charset=utf-8");
  assert.match(res.headers.get("content-disposition"), /attachment; filename="werksta-marketing-current\.csv"/);
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 byte-order mark");
  const lines = bytes.subarray(3).toString("utf8").split("\r\n");
  assert.equal(lines[0], "consent_id;email;phone;name;street;postal_code;city;channel;purpose;status;lawful_basis;channel_rule;opted_in_at;confirmed_at;withdrawn_at;policy_version;language;source_page;updated_at");
  assert.ok(lines.some((l) => l.includes(purposes("email"))), "æøå intact");
  const cookies = await (await fetch(`${portal.base}/api/werksta/exports/cookies?format=jsonl`, { headers: { Authorization: `Bearer ${WERKSTA}` } })).text();
  const days = cookies.trim().split("\n").map((l) => JSON.parse(l));
  assert.ok(days.some((d) => d.category === "statistics" && Number(d.granted) >= 1));
  assert.ok(days.some((d) => d.category === "marketing" && Number(d.refused) >= 1));
});

test("the marketer's page: token in memory only, counts, a filtered table, downloads", async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${portal.base}/werksta/export`);
  await waitForApp(page);
  await page.getByLabel("Eksportnøkkel").fill(tokens.westrum);
  await page.getByRole("button", { name: "Hent" }).click();
  await page.getByText("Nøkkelen gjelder et annet selskap, eller ikke denne eksporten.").waitFor();
  await page.getByLabel("Eksportnøkkel").fill(WERKSTA);
  await page.getByRole("button", { name: "Hent" }).click();
  await page.getByRole("heading", { name: "Oversikt per kanal" }).waitFor();
  await page.getByRole("cell", { name: "kare.mk@example.no" }).waitFor();
  // Made for a marketer: the company named, statuses in a marketer's
  // words, dates as a Norwegian writes them, no HTTP jargon.
  assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "Samtykker til markedsføring: Werksta");
  const body = await page.locator("main").innerText();
  assert.doesNotMatch(body, /[{}]|Bearer|Authorization|Du har sagt/);
  const row = page.getByRole("row").filter({ has: page.getByRole("cell", { name: "kare.mk@example.no" }) });
  assert.match(await row.innerText(), /Samtykke trukket tilbake/);
  assert.match(await row.locator("time").innerText(), /^\d{1,2}\. (januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember) \d{4}$/);
  // On a phone, the rows stack: nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 800 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "the page fits a phone's width");
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByLabel("Status").selectOption("granted");
  await page.getByRole("button", { name: "Hent" }).last().click();
  await page.getByRole("cell", { name: "kare.mk@example.no" }).waitFor({ state: "detached" });
  assert.deepEqual(await axeViolations(page), []);
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Last ned CSV" }).click();
  const file = readFileSync(await (await download).path());
  assert.deepEqual([...file.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.match(file.toString("utf8"), /;status;/);
  assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0, "the token is not stored");
  await context.close();
});
