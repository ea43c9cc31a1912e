// Cookie consent as a visitor meets it: the banner works without the
// WebAssembly app (a statement page never loads it; on the other pages it
// is blocked here or lets the app take over), Reject all sticks,
// Accept all loads the company's gated script (a stand-in this test serves
// itself: nothing reaches Google), Global Privacy Control is honoured and
// can be overridden, a new policy version asks again, everything works
// from the keyboard, and each choice is recorded in D1 as proof.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createPublicKey, verify } from "node:crypto";
import { readFileSync } from "node:fs";
import { startPortal, launchBrowser, watch, waitForApp, axeViolations, d1, until } from "./harness.mjs";

let portal, browser;

// Werksta's cookie policy version, from its controller file: a test that
// hard-codes it breaks on every change of the company's categories.
const WERKSTA = JSON.parse(readFileSync(new URL("../site/controllers/werksta.json", import.meta.url), "utf8"));
const POLICY = WERKSTA.cookies.policy_version;

before(async () => {
  portal = await startPortal({ port: 8792 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

const GTAG = "https://www.googletagmanager.com/**";

// visitor opens a browser context. With wasm: false the app never loads,
// so everything seen is the prerendered page and the consent script. The
// stand-in answers for Google's tag, counting its loads.
async function visitor({ wasm = true, gpc = false, js = true } = {}) {
  const context = await browser.newContext({
    javaScriptEnabled: js,
    extraHTTPHeaders: gpc ? { "Sec-GPC": "1" } : {},
  });
  if (gpc) await context.addInitScript(() => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true }));
  const gated = [];
  await context.route(GTAG, (route) => {
    gated.push(route.request().url());
    route.fulfill({ contentType: "text/javascript", body: "window.standInLoaded = (window.standInLoaded || 0) + 1;" });
  });
  if (!wasm) await context.route("**/web/app.wasm", (route) => route.abort());
  const page = await context.newPage();
  const seen = watch(page, portal.base);
  return { context, page, gated, seen };
}

const consentCookie = async (context, slug) =>
  (await context.cookies()).find((c) => c.name === `pp-consent-${slug}`);

function decodeChoice(cookie) {
  return JSON.parse(Buffer.from(cookie.value, "base64url").toString("utf8"));
}

const records = (consentID) =>
  d1(portal, `SELECT method, granted, refused, gpc, policy_version, page FROM cookie_consents WHERE consent_id = '${consentID}' ORDER BY created_at, rowid`);

test("on Werksta's statement, which loads no app, Reject all stores the choice, loads nothing gated, and sticks", async () => {
  const { context, page, gated, seen } = await visitor({ wasm: false });
  await page.goto(`${portal.base}/werksta/`);
  const banner = page.getByRole("region", { name: "Werksta ber om samtykke til informasjonskapsler" });
  await banner.waitFor();
  // Consent Mode v2: all denied before anything is chosen.
  const dataLayer = await page.evaluate(() => JSON.parse(JSON.stringify(window.dataLayer || [])));
  assert.deepEqual(dataLayer[0], { 0: "consent", 1: "default", 2: { ad_storage: "denied", ad_user_data: "denied", ad_personalization: "denied", analytics_storage: "denied" } });
  // Equally prominent: the three first-layer actions have the same size.
  const sizes = await Promise.all(
    ["Godta alle", "Avvis alle", "Velg selv"].map(async (name) => {
      const box = await banner.getByRole(name === "Velg selv" ? "link" : "button", { name }).boundingBox();
      return `${Math.round(box.width)}x${Math.round(box.height)}`;
    }),
  );
  assert.equal(new Set(sizes).size, 1, `buttons differ in size: ${sizes}`);

  await banner.getByRole("button", { name: "Avvis alle" }).click();
  await banner.waitFor({ state: "hidden" });
  const cookie = await consentCookie(context, "werksta");
  assert.ok(cookie, "the choice is kept in a first-party cookie");
  assert.equal(cookie.secure, true);
  assert.equal(cookie.sameSite, "Lax");
  const lifetime = (cookie.expires * 1000 - Date.now()) / 864e5;
  assert.ok(lifetime > 179 && lifetime <= 180, `cookie lives ${lifetime} days, want Werksta's 180`);
  const choice = decodeChoice(cookie);
  assert.deepEqual({ v: choice.v, c: choice.c, m: choice.m }, { v: POLICY, c: [], m: "reject" });

  await page.reload();
  await page.waitForLoadState("domcontentloaded");
  assert.equal(await banner.isVisible(), false, "the banner does not return");
  assert.deepEqual(gated, [], "no gated script was requested");
  assert.deepEqual(seen.foreign, []);
  assert.deepEqual(seen.requests.filter((url) => /\/(app\.wasm|app\.js|wasm_exec\.js)$/.test(url)), [], "the statement loaded the app");
  assert.deepEqual(seen.errors, []);
  // The record is sent with keepalive, and may land after the page has gone.
  assert.deepEqual(await until("the choice's record in D1", async () => { const r = await records(choice.id); return r.length && r; }), [
    { method: "reject", granted: "", refused: "statistics,marketing", gpc: 0, policy_version: POLICY, page: "/werksta/" },
  ]);
  await context.close();
});

test("Accept all loads the gated stand-in, after the choice and on every page after", async () => {
  const { context, page, gated } = await visitor({ wasm: false });
  await page.goto(`${portal.base}/werksta/`);
  // The page has loaded (a script added before then holds the load event
  // until it is fetched) and the banner asks: had the consent script let
  // the gated one in, it would have been requested by now.
  await page.waitForLoadState("load");
  await page.getByRole("button", { name: "Godta alle" }).waitFor();
  assert.deepEqual(gated, [], "nothing gated before the choice");
  await page.getByRole("button", { name: "Godta alle" }).click();
  await page.waitForFunction(() => window.standInLoaded === 1);
  assert.equal(gated.length, 1);
  const updates = await page.evaluate(() => window.dataLayer.filter((e) => e[0] === "consent").map((e) => [e[1], e[2].analytics_storage, e[2].ad_storage]));
  assert.deepEqual(updates.at(-1), ["update", "granted", "granted"]);
  await page.goto(`${portal.base}/en/werksta/request`);
  await page.waitForFunction(() => window.standInLoaded === 1);
  const choice = decodeChoice(await consentCookie(context, "werksta"));
  assert.deepEqual(choice.c, ["statistics", "marketing"]);
  assert.equal((await records(choice.id))[0].method, "accept");
  await context.close();
});

test("Global Privacy Control: optional cookies are refused without asking, the page says so, and an explicit opt-in keeps both facts", async () => {
  const { context, page, gated } = await visitor({ gpc: true });
  await page.goto(`${portal.base}/werksta/`);
  await page.getByText(/Nettleseren din sender Global Privacy Control/).waitFor();
  assert.equal(await page.getByRole("button", { name: "Avvis alle" }).isVisible(), false, "not asked");
  const choice = decodeChoice(await consentCookie(context, "werksta"));
  assert.equal(choice.m, "gpc");
  assert.deepEqual(await records(choice.id), [
    { method: "gpc", granted: "", refused: "statistics,marketing", gpc: 1, policy_version: POLICY, page: "/werksta/" },
  ]);
  await page.waitForLoadState("load");
  assert.deepEqual(gated, [], "nothing optional loads");

  // The visitor opts in to statistics explicitly, from the settings.
  await page.getByRole("link", { name: "Innstillinger for informasjonskapsler" }).click();
  await page.getByLabel("Statistikk").check();
  await page.getByRole("button", { name: "Lagre valgene" }).click();
  await page.waitForFunction(() => window.standInLoaded === 1);
  const rows = await records(choice.id);
  assert.deepEqual(rows.at(-1), { method: "save", granted: "statistics", refused: "marketing", gpc: 1, policy_version: POLICY, page: "/werksta/" });
  await context.close();
});

test("a new policy version, a choice past its lifetime, or a cookie whose id is not of the one shape asks again", async () => {
  const ID = "3f2b8c1e-9a4d-4e7b-8c2a-5d6e7f809a1b";
  const old = (v, daysAgo, id = ID) =>
    Buffer.from(JSON.stringify({ id, v, c: ["statistics"], t: Math.floor(Date.now() / 1000) - daysAgo * 86400, m: "accept" })).toString("base64url");
  // Ids a hand-edited or forged cookie might hold: the older 32 hex
  // digits, upper case, another UUID version, markup, a near miss.
  const malformed = ["0123456789abcdef0123456789abcdef", ID.toUpperCase(), ID.replace("-4e7b", "-1e7b"), `${ID}"><img src=x>`,
    ID.slice(1), `${ID} `, "x".repeat(36)];
  const url = portal.base;
  // The statement without the app (consent.js decides) and the request
  // form once the app has taken it over (Go's cookieconsent.Parse decides).
  for (const [path, wasm] of [["/werksta/", false], ["/werksta/request", true]]) {
    const { context, page } = await visitor({ wasm });
    const banner = page.getByRole("region", { name: /ber om samtykke/ });
    for (const [value, asks] of [
      [old(POLICY, 1), false],
      [old("2022-01-01", 1), true], // an older policy version asks again
      [old(POLICY, WERKSTA.cookies.consent_days + 1), true], // past the consent's lifetime
      ...malformed.map((id) => [old(POLICY, 1, id), true]),
    ]) {
      await context.clearCookies();
      await context.addCookies([{ name: "pp-consent-werksta", value, url }]);
      await page.goto(`${url}${path}`);
      await page.waitForLoadState("domcontentloaded");
      if (wasm) await waitForApp(page);
      assert.equal(await banner.isVisible(), asks, `${path}: cookie ${Buffer.from(value, "base64url")}`);
    }
    await context.close();
  }
});

// On the statement (no app) and on the request form, once the app has
// taken it over.
for (const path of ["/werksta/", "/werksta/request"]) {
  test(`keyboard only on ${path}: focus moves into the banner and back; Escape consents to nothing; the footer link reopens it`, async () => {
    const { context, page, seen } = await visitor();
    await page.goto(`${portal.base}${path}`);
    if (path.endsWith("request")) await waitForApp(page);
    const focused = () => page.evaluate(() => document.activeElement.id || document.activeElement.textContent.trim());
    assert.equal(await focused(), "consent", "focus starts in the banner");
    await page.keyboard.press("Tab");
    assert.equal(await focused(), "Godta alle");
    await page.keyboard.press("Tab");
    assert.equal(await focused(), "Avvis alle");
    await page.keyboard.press("Tab");
    assert.equal(await focused(), "Velg selv");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement.name), "category", "Choose opens the categories");
    assert.equal(await page.evaluate(() => document.activeElement.checked), false, "nothing is pre-ticked");
    assert.deepEqual(await axeViolations(page), [], "no axe violation with the categories open");
    await page.keyboard.press("Escape");
    assert.equal(await focused(), "main", "focus returns to the page");
    assert.equal(await consentCookie(context, "werksta"), undefined, "closing consents to nothing");
    assert.equal(await page.getByRole("region", { name: /ber om samtykke/ }).isVisible(), false);

    // Reopen from the footer with the keyboard, choose, and come back to the link.
    const settings = page.getByRole("link", { name: "Innstillinger for informasjonskapsler" });
    await settings.focus();
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement.value), "statistics");
    await page.keyboard.press("Space");
    // On past the services' details and marketing, to Save.
    for (let i = 0; i < 6 && (await focused()) !== "Lagre valgene"; i++) await page.keyboard.press("Tab");
    assert.equal(await focused(), "Lagre valgene");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement.textContent), "Innstillinger for informasjonskapsler");
    assert.deepEqual(decodeChoice(await consentCookie(context, "werksta")).c, ["statistics"]);
    assert.deepEqual(seen.errors, []);
    await context.close();
  });
}

test("a choice made on the form page counts on Back to the statement, which the browser may show again as it was", async () => {
  const { context, page, seen } = await visitor();
  await page.goto(`${portal.base}/werksta/`);
  const banner = page.getByRole("region", { name: "Werksta ber om samtykke til informasjonskapsler" });
  await banner.waitFor();
  await page.getByRole("link", { name: "Send et krav til Werksta", exact: true }).click();
  await page.waitForURL(`${portal.base}/werksta/request`);
  await waitForApp(page);
  await banner.getByRole("button", { name: "Avvis alle" }).click();
  await banner.waitFor({ state: "hidden" });
  await page.goBack();
  await page.waitForURL(`${portal.base}/werksta/`);
  await banner.waitFor({ state: "hidden" });
  assert.equal(await page.evaluate(() => document.documentElement.getAttribute("data-consent")), "known");
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test("withdrawing on the settings page deletes the category's cookies, and the receipt is signed", async () => {
  const { context, page } = await visitor();
  await page.goto(`${portal.base}/werksta/`);
  await page.getByRole("button", { name: "Godta alle" }).click();
  // What Google's script would have set.
  await page.evaluate(() => {
    document.cookie = "_ga=GA1.1.123.456; Path=/";
    document.cookie = "_ga_ABC123=GS1.1.1; Path=/";
    document.cookie = "unrelated=1; Path=/";
  });
  await page.getByRole("link", { name: "Innstillinger for informasjonskapsler" }).focus();
  await page.goto(`${portal.base}/werksta/cookies`);
  await waitForApp(page);
  await page.getByText("Statistikk: godtatt, Markedsføring: godtatt.", { exact: false }).waitFor();
  assert.equal(await page.getByLabel("Statistikk").isChecked(), true, "the settings show the current choice");
  await page.getByRole("button", { name: "Trekk tilbake samtykket" }).click();
  await page.getByText("Valget ditt er lagret.", { exact: false }).waitFor();
  const names = (await context.cookies()).map((c) => c.name).sort();
  assert.deepEqual(names, ["pp-consent-werksta", "unrelated"], "Google's cookies are gone, others stay");
  assert.deepEqual(await axeViolations(page), []);

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Last ned samtykkekvittering" }).click();
  const file = readFileSync(await (await download).path());
  const signed = JSON.parse(file);
  const keys = await (await fetch(`${portal.base}/.well-known/privacy-portal/keys.json`)).json();
  const header = JSON.parse(Buffer.from(signed.protected, "base64url"));
  const jwk = keys.keys.find((k) => k.kid === header.kid);
  const ok = verify(null, Buffer.from(`${signed.protected}.${signed.payload}`), createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: jwk.x }, format: "jwk" }), Buffer.from(signed.signature, "base64url"));
  assert.ok(ok, "the receipt's signature verifies with the published key");
  const receipt = JSON.parse(Buffer.from(signed.payload, "base64url"));
  assert.equal(receipt.version, "KI-CR-v1.1.0");
  assert.equal(receipt.jurisdiction, "NO");
  assert.equal(receipt.piiControllers[0].email, "catherine.sahlgren@werksta.com");
  assert.deepEqual(receipt["x-refusedCategories"], ["statistics", "marketing"]);
  assert.match(receipt.collectionMethod, /withdrawn/);
  await context.close();
});

test("without JavaScript, Reject all is a form post that sets the cookie and returns to the page", async () => {
  const { context, page } = await visitor({ js: false });
  await page.goto(`${portal.base}/carglass/`);
  await page.getByRole("button", { name: "Avvis alle" }).click();
  await page.waitForURL(`${portal.base}/carglass/`);
  const cookie = await consentCookie(context, "carglass");
  assert.equal(cookie.secure, true);
  const choice = decodeChoice(cookie);
  assert.deepEqual({ c: choice.c, m: choice.m }, { c: [], m: "reject" });
  assert.equal((await records(choice.id))[0].method, "reject");
  // Choose leads to the settings page, whose form works the same way.
  await page.getByRole("link", { name: "Velg selv" }).click();
  await page.waitForURL(`${portal.base}/carglass/cookies`);
  await page.getByLabel("Statistikk").check();
  await page.getByRole("button", { name: "Lagre valgene" }).click();
  await page.waitForURL(`${portal.base}/carglass/cookies`);
  assert.deepEqual(decodeChoice(await consentCookie(context, "carglass")).c, ["statistics"]);
  await context.close();
});

test("CAR-ROOM uses no optional cookies: no banner, and its cookie page says so in Danish", async () => {
  const { context, page } = await visitor();
  await page.goto(`${portal.base}/car-room/`);
  assert.equal(await page.locator("#consent").count(), 0);
  await page.getByRole("link", { name: "Cookie-indstillinger" }).click();
  await page.waitForURL(`${portal.base}/car-room/cookies`);
  await page.getByText("CAR-ROOM bruger ingen cookies, der kræver samtykke.", { exact: false }).waitFor();
  await waitForApp(page);
  assert.equal(await page.getByRole("region", { name: /samtykke/ }).count(), 0, "no banner with the app either");
  assert.equal(await consentCookie(context, "car-room"), undefined);
  await context.close();
});
