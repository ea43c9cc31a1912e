// Data-subject requests as a customer and a privacy contact meet them:
// filed from the form with JavaScript on and off, confirmed from the
// e-mail, delivered signed to the company's inbox, verified with openssl and
// in the browser, extended and marked handled from the company's links.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  startPortal,
  launchBrowser,
  watch,
  waitForApp,
  axeViolations,
  waitForMessage,
  verifyWithOpenSSL,
} from "./harness.mjs";

let portal, browser;

before(async () => {
  portal = await startPortal({ port: 8789 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

const WERKSTA = "catherine.sahlgren@werksta.com";

// checkSignedRequest takes the company's e-mail apart the way its privacy
// contact would: request.json and its signature verify with openssl against
// the published keys, and a changed byte does not.
async function checkSignedRequest(forward, want) {
  const doc = forward.attachments["request.json"];
  const sig = forward.attachments["request.json.sig"];
  assert.ok(doc && sig, "request.json and request.json.sig are attached");
  assert.equal(sig.length, 64, "the signature is the raw 64 bytes");
  const keys = await (await fetch(`${portal.base}/.well-known/privacy-portal/keys.json`)).text();
  const jwks = JSON.parse(keys);
  assert.deepEqual(Object.keys(jwks.keys[0]).sort(), ["alg", "crv", "kid", "kty", "use", "x"]);
  assert.equal(jwks.keys[0].kty, "OKP");
  assert.equal(jwks.keys[0].crv, "Ed25519");
  assert.ok(verifyWithOpenSSL(keys, doc, sig), "openssl verifies the signature");
  const changed = Buffer.from(doc);
  changed[changed.indexOf("access")] ^= 1;
  assert.equal(verifyWithOpenSSL(keys, changed, sig), false, "a changed byte fails verification");
  const body = JSON.parse(doc.toString("utf8"));
  for (const [k, v] of Object.entries(want)) assert.deepEqual(body[k], v, `request.json ${k}`);
  return body;
}

test("JavaScript on: an access request to Werksta goes from the form to the signed e-mail, confirmed with the code", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const seen = watch(page, portal.base);
  await page.goto(`${portal.base}/werksta/request`);
  await waitForApp(page);
  await page.getByLabel("Innsyn", { exact: true }).check();
  await page.getByLabel("Navn", { exact: true }).fill("Åse Ødegård-Ærø");
  await page.getByLabel("E-post", { exact: true }).fill("ase.js@example.no");
  await page.getByLabel("Registreringsnummer (valgfritt)").fill("ab 12345");
  await page.getByLabel("Din melding (valgfritt)").fill("Gjelder service i mars.");
  await page.getByRole("button", { name: "Send kravet" }).click();
  await page.getByRole("heading", { name: "Sjekk e-posten din" }).waitFor();
  // The page stays the app's: no navigation to the Worker's HTML.
  assert.equal(new URL(page.url()).pathname, "/werksta/request");

  const confirm = await waitForMessage(portal.outbox, "ase.js@example.no", /^Bekreft kravet ditt til Werksta$/);
  assert.match(confirm.headers.to, /Åse Ødegård-Ærø/, "æøå survive in the recipient's name");
  const code = /: (\d{6})\b/.exec(confirm.text)[1];
  await page.getByLabel("Kode fra e-posten").fill(code);
  await page.getByRole("button", { name: "Bekreft kravet" }).click();
  await page.getByRole("heading", { name: "Kravet er sendt" }).waitFor();
  const receiptText = await page.locator("main").innerText();

  const forward = await waitForMessage(portal.outbox, WERKSTA, /^Krav om innsyn – ref\. [0-9A-Z]{4}-[0-9A-Z]{4} – frist /);
  assert.match(forward.headers["reply-to"], /ase\.js@example\.no/);
  const doc = await checkSignedRequest(forward, {
    type: "access",
    requester: { name: "Åse Ødegård-Ærø", email: "ase.js@example.no" },
    identifiers: { registration_number: "AB12345" },
    text: "Gjelder service i mars.",
    language: "nb",
  });
  assert.ok(receiptText.includes(doc.reference), "the receipt on screen shows the reference");
  assert.match(forward.text, new RegExp(`Svarfrist: .* \\(én måned\\)`));
  const receipt = await waitForMessage(portal.outbox, "ase.js@example.no", /^Kvittering: kravet ditt er sendt til Werksta/);
  assert.match(receipt.text, /Datatilsynet/);
  assert.match(receipt.text, new RegExp(doc.reference));
  // Each e-mail to its reader: the receipt speaks to the customer, and
  // the company's phone under its contact details is the company's.
  assert.doesNotMatch(receipt.text, /hjelpe dere|Kundens melding|Hva vil du be om\?/);
  assert.match(receipt.text, /Kontakt hos selskapet[\s\S]*Telefon: \+47 \d\d \d\d \d\d \d\d/);

  // The privacy contact's e-mail, as a mail program on a phone shows it:
  // the actions are buttons, the customer's language is said, nothing is
  // wider than the screen. The receipt fits too.
  assert.match(forward.text, /Kunden brukte portalen på norsk/);
  const mailView = await browser.newContext({ viewport: { width: 390, height: 800 }, javaScriptEnabled: false });
  const mailPage = await mailView.newPage();
  for (const [mail, name] of [[forward, "the privacy contact's e-mail"], [receipt, "the receipt"]]) {
    assert.ok(mail.html, `${name} has an HTML part`);
    await mailPage.setContent(mail.html);
    assert.ok(await mailPage.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} fits a phone's width`);
  }
  await mailPage.setContent(forward.html);
  for (const name of ["Marker som behandlet", "Forleng fristen"]) {
    const button = mailPage.getByRole("link", { name, exact: true });
    assert.match(await button.getAttribute("href"), /\/api\/requests\/[0-9a-f]+\/(handled|extend)\?token=/);
    assert.match(await button.getAttribute("style"), /display: inline-block/, `${name} is drawn as a button`);
  }
  await mailView.close();

  // The browser remembers the request, and nothing else does.
  await page.goto(`${portal.base}/my-requests`);
  await waitForApp(page);
  await page.getByText(doc.reference).waitFor();
  await page.getByText("Sendt til selskapet").waitFor();
  assert.deepEqual(seen.foreign, []);
  assert.deepEqual(seen.errors, []);

  // The privacy contact checks the e-mail in the browser.
  await page.goto(`${portal.base}/verify`);
  await waitForApp(page);
  await page.getByLabel("Velg filer").setInputFiles(forward.path);
  await page.getByText(/^Ekte: signert av portalen med nøkkel/).waitFor();
  await page.getByText("Teksten i e-posten stemmer med det signerte kravet.").waitFor();
  assert.ok((await page.locator("main").innerText()).includes("Åse Ødegård-Ærø"));
  // The same e-mail with its text edited after sending: the signature
  // holds (it covers request.json), and the page says which field the
  // text shows otherwise.
  const raw = forward.bytes.toString("latin1");
  assert.ok(raw.includes("Registreringsnummer: AB12345"), "the text part names the registration number");
  const editedDir = mkdtempSync(join(tmpdir(), "portal-verify-"));
  writeFileSync(join(editedDir, "krav.eml"), Buffer.from(raw.replace("Registreringsnummer: AB12345", "Registreringsnummer: CD99999"), "latin1"));
  await page.getByLabel("Velg filer").setInputFiles(join(editedDir, "krav.eml"));
  await page.getByText(/^Advarsel: teksten i e-posten er ikke den portalen signerte\..*: registreringsnummer\./).waitFor();
  assert.doesNotMatch(await page.locator("main").innerText(), /go run|cmd\/verify|\d{4}-\d{2}-\d{2}/, "no command line, no machine dates");
  const dir = mkdtempSync(join(tmpdir(), "portal-verify-"));
  const changed = Buffer.from(forward.attachments["request.json"]);
  changed[changed.indexOf("AB12345")] = "C".charCodeAt(0);
  writeFileSync(join(dir, "request.json"), changed);
  writeFileSync(join(dir, "request.json.sig"), forward.attachments["request.json.sig"]);
  await page.getByLabel("Velg filer").setInputFiles([join(dir, "request.json"), join(dir, "request.json.sig")]);
  await page.getByText(/^Ikke godkjent: signaturen stemmer ikke/).waitFor();
  assert.deepEqual(seen.foreign, [], "the verify page uploads nothing anywhere");
  await context.close();
});

test("JavaScript off: the same request is filed with a plain form post and confirmed from the link", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${portal.base}/werksta/request`);
  await page.getByLabel("Innsyn", { exact: true }).check();
  await page.getByLabel("Navn", { exact: true }).fill("Bjørn Åsheim");
  await page.getByLabel("E-post", { exact: true }).fill("bjorn.nojs@example.no");
  await page.getByLabel("Understellsnummer (VIN) (valgfritt)").fill("wvwzzz1jz3w386752");
  await page.getByRole("button", { name: "Send kravet" }).click();
  await page.getByRole("heading", { name: "Sjekk e-posten din" }).waitFor();
  assert.equal(await page.getAttribute("html", "lang"), "nb");

  const confirm = await waitForMessage(portal.outbox, "bjorn.nojs@example.no", /^Bekreft kravet ditt/);
  const link = /(http:\/\/127\.0\.0\.1:\d+\/api\/requests\/[0-9a-f]+\/confirm\?token=[\w-]+)/.exec(confirm.text)[1];
  // The link opens a page that asks; opening it confirms nothing.
  await page.goto(link);
  await page.getByRole("heading", { name: "Bekreft kravet ditt" }).waitFor();
  const id = /requests\/([0-9a-f]+)\//.exec(link)[1];
  assert.equal((await (await fetch(`${portal.base}/api/requests/${id}`)).json()).status, "unconfirmed");
  await page.getByRole("button", { name: "Bekreft kravet" }).click();
  await page.getByRole("heading", { name: "Kravet er sendt" }).waitFor();
  const onScreen = await page.locator("main").innerText();
  assert.match(onScreen, /Datatilsynet/);
  assert.match(onScreen, /WVWZZZ1JZ3W386752/);

  const forward = await waitForMessage(portal.outbox, WERKSTA, /^Krav om innsyn/);
  await checkSignedRequest(forward, {
    id,
    requester: { name: "Bjørn Åsheim", email: "bjorn.nojs@example.no" },
    identifiers: { vin: "WVWZZZ1JZ3W386752" },
  });
  // The command-line check on the saved e-mail, as the README shows it.
  const keys = join(mkdtempSync(join(tmpdir(), "portal-keys-")), "keys.json");
  writeFileSync(keys, await (await fetch(`${portal.base}/.well-known/privacy-portal/keys.json`)).text());
  const out = execFileSync("go", ["run", "./cmd/verify", "-keys", keys, forward.path], { cwd: new URL("..", import.meta.url).pathname }).toString();
  assert.match(out, /^ok: signed by key /);
  // The status shows delivered, and nothing personal.
  const status = await (await fetch(`${portal.base}/api/requests/${id}`)).json();
  assert.equal(status.status, "delivered");
  assert.ok(!JSON.stringify(status).includes("bjorn"), "the status answer holds no personal data");
  await context.close();
});

test("errors are shown at the field, in the page's language, with JavaScript on and off", async () => {
  // With the app: CAR-ROOM's form in Danish.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${portal.base}/car-room/request`);
  await waitForApp(page);
  await page.getByRole("button", { name: "Send anmodningen" }).click();
  const summary = page.getByRole("alert");
  await summary.getByText("Ret 3 felter, før du sender.").waitFor();
  assert.ok(await summary.evaluate((el) => el === document.activeElement), "focus moves to the error summary");
  const name = page.getByLabel("Navn", { exact: true });
  assert.equal(await name.getAttribute("aria-invalid"), "true");
  assert.equal(await page.locator("#" + (await name.getAttribute("aria-describedby"))).innerText(), "Skriv dit navn.");
  await page.getByLabel("E-mail", { exact: true }).fill("jens@");
  await page.getByLabel("E-mail", { exact: true }).blur();
  await page.getByText("Skriv en gyldig e-mailadresse, for eksempel navn@eksempel.dk.", { exact: true }).waitFor();
  assert.deepEqual(await axeViolations(page), [], "no axe violation with errors shown");
  // Choosing rectification leaves only its own type-specific fields.
  // (Errors shown above the options shift them; the pick must still be the
  // option clicked.)
  await page.getByLabel("Berigtigelse", { exact: true }).check();
  await page.getByText("Format (kun ved dataportabilitet)").waitFor({ state: "hidden" });
  assert.equal(await page.locator("form.request-form").evaluate((f) => new FormData(f).get("type")), "rectification");
  await page.getByLabel("Hvad er forkert? (kun ved berigtigelse)").waitFor();
  await context.close();

  // Without it: the Worker answers with the form, filled in, errors at the fields.
  const plain = await browser.newContext({ javaScriptEnabled: false, locale: "en-GB" });
  const p2 = await plain.newPage();
  await p2.goto(`${portal.base}/en/werksta/request`);
  await p2.getByLabel("Rectification", { exact: true }).check();
  await p2.getByLabel("Name", { exact: true }).fill("Kari Nordmann");
  await p2.getByLabel("E-mail", { exact: true }).fill("kari@example");
  const res = p2.waitForResponse((r) => r.url().endsWith("/api/werksta/requests"));
  await p2.getByRole("button", { name: "Send the request" }).click();
  assert.equal((await res).status(), 422);
  assert.equal(await p2.getAttribute("html", "lang"), "en");
  await p2.getByText("Correct 3 fields before sending.").waitFor();
  assert.equal(await p2.getByLabel("Name", { exact: true }).inputValue(), "Kari Nordmann", "the customer's input is kept");
  assert.ok(await p2.getByLabel("Rectification", { exact: true }).isChecked());
  await p2.getByText("Enter a valid e-mail address, such as name@example.com.", { exact: true }).waitFor();
  await p2.getByText("Say which data is wrong.", { exact: true }).waitFor();
  await p2.getByLabel("E-mail", { exact: true }).fill("kari@example.no");
  await p2.getByLabel("What is wrong? (only for rectification)").fill("Adressen");
  await p2.getByLabel("What is correct? (only for rectification)").fill("Storgata 1, 0155 Oslo");
  await p2.getByRole("button", { name: "Send the request" }).click();
  await p2.getByRole("heading", { name: "Check your e-mail" }).waitFor();
  await plain.close();
});

test("the API: 202, 422 with errors per field, 413, 415, 404 and 429 with Retry-After", async () => {
  const post = (slug, body, headers = { "Content-Type": "application/json" }) =>
    fetch(`${portal.base}/api/${slug}/requests`, { method: "POST", headers, body });
  const ok = await post("westrum", JSON.stringify({ type: "erasure", name: "Per", email: "per@example.no" }));
  assert.equal(ok.status, 202);
  const okBody = await ok.json();
  // No deadline yet: the clock starts when the request reaches the company, at confirmation.
  assert.deepEqual(Object.keys(okBody).sort(), ["id", "reference", "status", "submitted_at"]);
  assert.equal(okBody.status, "unconfirmed");

  const invalid = await post("westrum", JSON.stringify({ type: "portability", email: "nope", language: "en" }));
  assert.equal(invalid.status, 422);
  assert.deepEqual(await invalid.json(), {
    error: { code: "invalid", message: "Some fields need correcting." },
    fields: {
      name: "Enter your name.",
      email: "Enter a valid e-mail address, such as name@example.com.",
      format: "Choose the format you want your data in.",
    },
  });
  const danish = await post("car-room", JSON.stringify({}));
  assert.equal((await danish.json()).fields.name, "Skriv dit navn.", "a company's own language by default");

  assert.equal((await post("westrum", JSON.stringify({ text: "x".repeat(40000) }))).status, 413);
  assert.equal((await post("westrum", "type=access", { "Content-Type": "text/plain" })).status, 415);
  const unknown = await post("nope", JSON.stringify({}));
  assert.equal(unknown.status, 404);
  assert.equal((await unknown.json()).error.code, "unknown_controller");

  // REQUEST_LIMIT is 10 valid requests an hour per client and company;
  // requests with errors do not count. (Each to its own address: one
  // address gets at most RECIPIENT_LIMIT confirmations a day.)
  const valid = JSON.stringify({ type: "access", name: "Per Hansen", email: "per.hansen@example.no", language: "nb" });
  for (let i = 0; i < 10; i++) {
    const own = JSON.stringify({ type: "access", name: "Per Hansen", email: `per.${i}@example.no`, language: "nb" });
    assert.equal((await post("cars", own)).status, 202, `request ${i + 1} is within the limit`);
  }
  assert.equal((await post("cars", JSON.stringify({}))).status, 422, "a request with errors is not limited");
  const limited = await post("cars", valid);
  assert.equal(limited.status, 429);
  const wait = Number(limited.headers.get("retry-after"));
  assert.ok(wait > 0 && wait <= 3600, `Retry-After: ${wait}`);
  assert.equal((await post("carglass", valid)).status, 202, "another company is not limited");
});

// The Worker serves every request from one Go instance (functions/edge):
// requests that arrive together must each be stored, confirmed and
// delivered as their own, with nothing of one in another.
test("eight requests sent at once are each stored, confirmed and delivered as their own", async () => {
  const people = Array.from({ length: 8 }, (_, i) => ({ name: `Kunde Nummer ${i + 1} Ærø`, email: `samtidig.${i + 1}@example.dk` }));
  const submitted = await Promise.all(
    people.map(async (p) => {
      const res = await fetch(`${portal.base}/api/car-room/requests`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ type: "erasure", name: p.name, email: p.email, language: "en" }),
      });
      assert.equal(res.status, 202, `${p.email}: ${res.status}`);
      return { ...p, ...(await res.json()) };
    }),
  );
  assert.equal(new Set(submitted.map((s) => s.id)).size, 8, "eight different requests");
  assert.equal(new Set(submitted.map((s) => s.reference)).size, 8, "eight different references");
  // Each customer's e-mail carries the link to their own request, and a
  // code; all eight confirm at once.
  await Promise.all(
    submitted.map(async (s) => {
      const mail = await waitForMessage(portal.outbox, s.email, /^Confirm your request to CAR-ROOM$/);
      assert.ok(mail.text.includes(`/api/requests/${s.id}/confirm`), `${s.email} got the link to their own request`);
      const code = /: (\d{6})\b/.exec(mail.text)[1];
      const res = await fetch(`${portal.base}/api/requests/${s.id}/confirm`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ code }),
      });
      assert.equal(res.status, 200, `${s.email} confirms with their code`);
    }),
  );
  // CAR-ROOM's inbox gets each request once, with that customer's name
  // and reference, and no one else's.
  for (const s of submitted) {
    const forward = await waitForMessage(portal.outbox, "jesper@car-room.dk", new RegExp(s.reference));
    assert.ok(forward.text.includes(s.name), `the request ${s.reference} names its own customer`);
    for (const other of submitted.filter((o) => o !== s)) {
      assert.ok(!forward.text.includes(other.email), `the request ${s.reference} holds nothing of ${other.email}`);
    }
    assert.equal((await (await fetch(`${portal.base}/api/requests/${s.id}`)).json()).status, "delivered");
  }
});

test("the privacy contact extends the deadline and marks the request handled from the e-mail's links", async () => {
  const res = await fetch(`${portal.base}/api/werksta/requests`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ type: "rectification", name: "Liv Ås", email: "liv@example.no", wrong: "Navn", correct: "Liv Ås", language: "en" }),
  });
  const { id } = await res.json();
  const confirm = await waitForMessage(portal.outbox, "liv@example.no", /^Confirm your request to Werksta$/);
  const code = /: (\d{6})\b/.exec(confirm.text)[1];
  const confirmed = await fetch(`${portal.base}/api/requests/${id}/confirm`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ code }),
  });
  assert.equal(confirmed.status, 200);
  const forward = await waitForMessage(portal.outbox, WERKSTA, /^Krav om retting/);
  const port = new URL(portal.base).port;
  const linkTo = (action) =>
    new RegExp(`(http://127\\.0\\.0\\.1:${port}/api/requests/${id}/${action}\\?token=[\\w-]+)`).exec(forward.text)[1];

  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(linkTo("extend"));
  assert.equal(await page.getAttribute("html", "lang"), "nb", "the company's pages are in its language");
  const latest = (await (await fetch(`${portal.base}/api/requests/${id}`)).json()).latest_due_by;
  await page.getByLabel("Ny frist").fill(latest);
  await page.getByLabel("Begrunnelse til kunden").fill("Vi må hente opplysninger fra flere verksteder.");
  await page.getByRole("button", { name: "Forleng fristen" }).click();
  await page.getByText(/er forlenget til/).waitFor();
  const ext = await waitForMessage(portal.outbox, "liv@example.no", /^Werksta extended the deadline of your request/);
  assert.match(ext.text, /> Vi må hente opplysninger fra flere verksteder\./);
  assert.equal((await (await fetch(`${portal.base}/api/requests/${id}`)).json()).extended_to, latest);

  // A tampered link does nothing. The first character is changed to one it
  // is not, so the token always differs (a fixed "x" matched 1 time in 64).
  const bad = await page.goto(linkTo("handled").replace(/token=(.)/, (_, c) => `token=${c === "A" ? "B" : "A"}`));
  assert.equal(bad.status(), 403);
  await page.goto(linkTo("handled"));
  await page.getByRole("button", { name: "Marker som behandlet" }).click();
  await page.getByText(/er markert som behandlet/).waitFor();
  assert.equal((await (await fetch(`${portal.base}/api/requests/${id}`)).json()).status, "handled");
  await context.close();
});

test("my requests: once a deadline has passed, a ready complaint to the supervisory authority is offered", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${portal.base}/my-requests`);
  await waitForApp(page);
  await page.getByText("Du har ikke sendt noen krav fra denne nettleseren.").waitFor();
  // A request to CAR-ROOM sent two months ago, never answered.
  await page.evaluate(() =>
    localStorage.setItem(
      "privacy-portal.requests",
      JSON.stringify([
        { id: "0".repeat(32), reference: "K7M3-Q9XT", controller: "car-room", type: "access", submitted: "2026-08-03", due: "2026-09-03", latest: "2026-11-03", status: "delivered" },
        { id: "1".repeat(32), reference: "R2D4-W8PZ", controller: "werksta", type: "erasure", submitted: "2026-08-10", due: "2026-09-10", latest: "2026-11-10", status: "delivered" },
      ]),
    ),
  );
  await page.reload();
  await waitForApp(page);
  await page.getByText("Fristen gikk ut 3. september 2026.").waitFor();
  const complain = page.getByRole("listitem").filter({ hasText: "K7M3-Q9XT" }).getByRole("link", { name: "Fristen er ute. Klag til Datatilsynet" });
  const href = await complain.getAttribute("href");
  assert.match(href, /^mailto:dt@datatilsynet\.dk\?subject=/, "CAR-ROOM answers to the Danish Datatilsynet");
  assert.match(decodeURIComponent(href), /K7M3-Q9XT/);
  assert.match(decodeURIComponent(href), /3\. september 2026/);
  assert.deepEqual(await axeViolations(page), []);
  // Each button removes its own request, also once the list has shifted.
  await page.getByRole("button", { name: "Fjern fra listen: K7M3-Q9XT" }).click();
  await page.getByRole("button", { name: "Fjern fra listen: K7M3-Q9XT" }).waitFor({ state: "detached" });
  assert.match(await page.evaluate(() => localStorage.getItem("privacy-portal.requests")), /R2D4-W8PZ/);
  await page.getByRole("button", { name: "Fjern fra listen: R2D4-W8PZ" }).click();
  await page.getByText("Du har ikke sendt noen krav fra denne nettleseren.").waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem("privacy-portal.requests")), "[]");
  await context.close();
});

test("what a customer types before the app has loaded is kept when the app takes over", async () => {
  const context = await browser.newContext();
  let release;
  const gate = new Promise((r) => (release = r));
  await context.route("**/web/app.wasm", async (route) => {
    await gate;
    await route.continue();
  });
  const page = await context.newPage();
  await page.goto(`${portal.base}/werksta/request`);
  await page.getByLabel("Sletting", { exact: true }).check();
  await page.getByLabel("Navn", { exact: true }).fill("Før Appen");
  await page.getByLabel("E-post", { exact: true }).focus();
  release();
  await waitForApp(page);
  assert.equal(await page.getByLabel("Navn", { exact: true }).inputValue(), "Før Appen");
  assert.ok(await page.getByLabel("Sletting", { exact: true }).isChecked());
  assert.equal(await page.evaluate(() => document.activeElement.id), "f-email", "focus stays where it was");
  // The app knows the type now: the other types' fields are gone.
  await page.getByText("Format (bare for dataportabilitet)").waitFor({ state: "hidden" });
  await context.close();
});
