// The portal's pages as a reader meets them: every page reachable from the
// front page loads without errors, contacts no other host and passes
// axe-core; a statement, the front page and a 404 page never load the
// WebAssembly app (a statement transfers at most 60 kB in all), the pages
// with forms load it and read the same before and after it takes over;
// moving between the two kinds works both ways; and every page works with
// JavaScript turned off.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startPortal, launchBrowser, watch, waitForApp, axeViolations, crawl } from "./harness.mjs";

let portal, browser;

before(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

const statusOf = async (path) => (await fetch(portal.base + path, { redirect: "manual" })).status;

// The files of the WebAssembly app; a page that needs no app loads none.
const APP_FILES = /\/(app\.wasm|app\.js|wasm_exec\.js)$/;
const appRequests = (seen) => seen.requests.filter((url) => APP_FILES.test(new URL(url).pathname));
// The pages with forms and state load the app (ui.NeedsApp); statements,
// the front pages and 404 pages are complete as they come.
const needsApp = (path) => /\/(request|cookies|marketing|export|my-requests|verify)$/.test(path);

// transferred is what chromium fetched over the network for the page now
// shown (headers and compressed bodies: the navigation's and every
// resource's transferSize, nothing cached in a fresh context).
const transferred = (page) =>
  page.evaluate(() =>
    [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")].reduce((n, e) => n + e.transferSize, 0),
  );

test("every page: no console error, no other host, no axe violation; the app only where needed, the same text after it takes over", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const pages = await crawl(context, portal.base);
  await context.close();
  // Three front pages, and three languages for each of the five companies.
  assert.ok(pages.length >= 18, `crawled only ${pages.length} pages: ${pages.join(" ")}`);
  const missing = ["/werksta/", "/westrum/", "/carglass/", "/cars/", "/car-room/", "/en/", "/da/", "/en/car-room/", "/nb/car-room/", "/privacy", "/da/privacy", "/en/privacy"].filter((p) => !pages.includes(p));
  assert.deepEqual(missing, [], "pages not linked from the portal");
  // Some 404 pages too: they are reached by mistyped addresses, not links.
  pages.push("/werksta/does-not-exist", "/en/car-room/nope", "/nope");

  const problems = [];
  for (const path of pages) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const seen = watch(page, portal.base);
    const res = await page.goto(portal.base + path);
    const prerendered = await page.locator("main").innerText();
    if (needsApp(path)) {
      await waitForApp(page);
      const hydrated = await page.locator("main").innerText();
      if (prerendered.trim() !== hydrated.trim()) problems.push(`${path}: the app's page differs from the prerendered one`);
      if (!appRequests(seen).some((url) => url.endsWith("/web/app.wasm"))) problems.push(`${path}: the app was not loaded`);
      // The portal keeps nothing behind the reader's back.
      const workers = await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length);
      if (workers !== 0) problems.push(`${path}: ${workers} service worker(s) registered`);
    } else {
      // Everything the page asks for, asked (deferred scripts included).
      await page.waitForLoadState("networkidle");
      if (appRequests(seen).length) problems.push(`${path}: a page without forms loaded the app: ${appRequests(seen).join(", ")}`);
      if (await page.evaluate(() => document.documentElement.hasAttribute("data-app"))) problems.push(`${path}: an app took over`);
      if ((await page.locator("main").innerText()) !== prerendered) problems.push(`${path}: the page changed after loading`);
    }
    const violations = await axeViolations(page);
    if (seen.errors.length) problems.push(`${path}: ${seen.errors.join("; ")}`);
    if (seen.foreign.length) problems.push(`${path}: requests to other hosts: ${seen.foreign.join(", ")}`);
    for (const v of violations) problems.push(`${path}: axe ${v.id} (${v.impact}): ${v.help} at ${v.nodes.join(", ")}`);
    // On a phone nothing is wider than the screen: tables stack, long
    // words wrap.
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) problems.push(`${path}: ${overflow} px wider than a 390 px phone`);
    const expected = path.includes("nope") || path.includes("not-exist") ? 404 : 200;
    if (res.status() !== expected) problems.push(`${path}: status ${res.status()}, want ${expected}`);
    await context.close();
  }
  assert.deepEqual(problems, []);
});

test("Werksta's statement is readable with JavaScript off, in Norwegian, with its privacy contact and Datatilsynet", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${portal.base}/werksta/`);
  assert.equal(await page.getAttribute("html", "lang"), "nb");
  assert.equal(await page.getByRole("heading", { level: 1 }).innerText(), "Personvernerklæring for Werksta");
  const text = await page.locator("main").innerText();
  assert.match(text, /catherine\.sahlgren@werksta\.com/);
  assert.match(text, /Datatilsynet/);
  assert.match(text, /Sist oppdatert 22\. juni 2023/);
  await context.close();
});

test("every company's statement is in its own language, with its privacy contact, with JavaScript off and on", async () => {
  const companies = [
    ["westrum", "nb", "post@westrum.no", "Personvernerklæring for Westrum"],
    ["werksta", "nb", "catherine.sahlgren@werksta.com", "Personvernerklæring for Werksta"],
    ["carglass", "nb", "persondata@hurtigruta.no", "Personvernerklæring for Carglass"],
    ["cars", "nb", "post@cars.no", "Personvernerklæring for Cars"],
    ["car-room", "da", "jesper@car-room.dk", "Privatlivspolitik for CAR-ROOM"],
  ];
  for (const [slug, lang, email, title] of companies) {
    for (const js of [false, true]) {
      const context = await browser.newContext({ javaScriptEnabled: js });
      const page = await context.newPage();
      await page.goto(`${portal.base}/${slug}/`);
      assert.equal(await page.getAttribute("html", "lang"), lang, `${slug} js=${js}`);
      assert.equal(await page.getByRole("heading", { level: 1 }).innerText(), title);
      const main = await page.locator("main").innerText();
      assert.ok(main.includes(email), `${slug} js=${js}: no ${email}`);
      assert.ok(main.includes("Datatilsynet"), `${slug} js=${js}: no Datatilsynet`);
      await context.close();
    }
  }
});

test("a statement page transfers at most 60 kB in all, in the company's language and in another, and never loads the app", async () => {
  const companies = { westrum: "en", werksta: "da", carglass: "en", cars: "da", "car-room": "nb" };
  const over = [];
  for (const [slug, other] of Object.entries(companies)) {
    for (const path of [`/${slug}/`, `/${other}/${slug}/`]) {
      // A fresh context: nothing cached, as on a first visit.
      const context = await browser.newContext();
      const page = await context.newPage();
      const seen = watch(page, portal.base);
      await page.goto(portal.base + path, { waitUntil: "networkidle" });
      const bytes = await transferred(page);
      assert.ok(bytes > 5_000, `${path}: only ${bytes} B counted; is Resource Timing measuring?`);
      if (bytes > 60_000) over.push(`${path}: ${bytes} B`);
      assert.deepEqual(appRequests(seen), [], `${path} loaded the app`);
      await context.close();
    }
  }
  assert.deepEqual(over, [], "statement pages over 60,000 B transferred");
});

test("the language switch changes the interface, keeps the statement in the company's language, and sets <html lang>", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const seen = watch(page, portal.base);
  await page.goto(`${portal.base}/werksta/`);
  const nav = page.getByRole("navigation", { name: "Språk" });
  await nav.getByRole("link", { name: "English" }).focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(`${portal.base}/en/werksta/`);
  await page.waitForFunction(() => document.documentElement.lang === "en");
  assert.equal(await page.getByRole("heading", { level: 1 }).innerText(), "Privacy statement of Werksta");
  assert.match(await page.locator("main").innerText(), /The statement is shown in the company's own language \(Norwegian\)/);
  // The company's own words stay marked as Norwegian.
  assert.equal(await page.locator("main .lead").getAttribute("lang"), "nb");
  assert.equal(await page.getByRole("navigation", { name: "Language" }).getByRole("link", { name: "English" }).getAttribute("aria-current"), "true");

  await page.getByRole("navigation", { name: "Language" }).getByRole("link", { name: "Dansk" }).click();
  await page.waitForURL(`${portal.base}/da/werksta/`);
  await page.waitForFunction(() => document.documentElement.lang === "da");
  assert.equal(await page.getByRole("heading", { level: 1 }).innerText(), "Privatlivspolitik for Werksta");
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(appRequests(seen), [], "the statement pages loaded the app");
  await context.close();
});

test("moving between pages works both ways: a statement links to the form as a page, and the app shows statements and their banners within itself", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const seen = watch(page, portal.base);
  // stays marks the document: a page the app shows within itself keeps it,
  // a page the browser loads does not.
  const mark = () => page.evaluate(() => (window.stays = true));
  const stayed = () => page.evaluate(() => window.stays === true);

  // From a statement (no app) to the request form: an ordinary link, and
  // there the app loads and takes over.
  await page.goto(`${portal.base}/werksta/`);
  const banner = page.getByRole("region", { name: "Werksta ber om samtykke til informasjonskapsler" });
  await banner.waitFor();
  await mark();
  await page.getByRole("link", { name: "Send et krav til Werksta", exact: true }).click();
  await page.waitForURL(`${portal.base}/werksta/request`);
  await waitForApp(page);
  assert.equal(await stayed(), false, "the form was not loaded as a page of its own");
  assert.ok(appRequests(seen).some((url) => url.endsWith("/web/app.wasm")), "the form page did not load the app");
  await banner.waitFor(); // still asks: nothing was chosen

  // Within the app: the language switch, the front page, and another
  // company's statement, whose banner asks for that company's cookies.
  await mark();
  await page.getByRole("navigation", { name: "Språk" }).getByRole("link", { name: "English" }).click();
  await page.waitForURL(`${portal.base}/en/werksta/request`);
  await page.waitForFunction(() => document.documentElement.lang === "en");
  await page.getByRole("link", { name: "Privacy portal" }).first().click();
  await page.waitForURL(`${portal.base}/en/`);
  await page.getByRole("link", { name: /Carglass/ }).click();
  await page.waitForURL(`${portal.base}/en/carglass/`);
  assert.equal(await page.getByRole("heading", { level: 1 }).innerText(), "Privacy statement of Carglass");
  assert.equal(await page.locator("main .lead").getAttribute("lang"), "nb");
  assert.equal(await stayed(), true, "the app did not show the pages within itself");
  const carglass = page.getByRole("region", { name: "Carglass asks for your consent to cookies" });
  await carglass.waitFor();
  // Close (×) consents to nothing; the footer link reopens the banner with
  // the categories; Reject all keeps Carglass's choice, not Werksta's.
  await carglass.getByRole("button", { name: "Close without consenting" }).click();
  await carglass.waitFor({ state: "hidden" });
  await page.locator("footer").getByRole("link", { name: "Cookie settings" }).click();
  await carglass.waitFor();
  assert.ok(await carglass.getByLabel("Statistics").isVisible(), "the categories are not shown");
  await carglass.getByRole("button", { name: "Reject all" }).click();
  await carglass.waitFor({ state: "hidden" });
  const cookies = (await context.cookies()).map((c) => c.name);
  assert.deepEqual(cookies, ["pp-consent-carglass"]);
  await page.getByRole("navigation", { name: "Language" }).getByRole("link", { name: "Norsk (bokmål)" }).click();
  await page.waitForURL(`${portal.base}/carglass/`);
  await page.waitForFunction(() => document.documentElement.lang === "nb");
  assert.equal(await page.getByRole("heading", { level: 1 }).innerText(), "Personvernerklæring for Carglass");
  assert.equal(await stayed(), true);

  // The statement loaded as a page of its own: no app, the choice known,
  // and its language switch an ordinary link; Back returns to it.
  const before = appRequests(seen).length;
  await page.reload();
  await page.waitForLoadState("networkidle");
  assert.equal(await page.getByRole("region", { name: /ber om samtykke/ }).isVisible(), false, "the banner asks again");
  await page.getByRole("navigation", { name: "Språk" }).getByRole("link", { name: "Dansk" }).click();
  await page.waitForURL(`${portal.base}/da/carglass/`);
  assert.equal(await page.getByRole("heading", { level: 1 }).innerText(), "Privatlivspolitik for Carglass");
  await page.goBack();
  await page.waitForURL(`${portal.base}/carglass/`);
  assert.equal(await page.getByRole("heading", { level: 1 }).innerText(), "Personvernerklæring for Carglass");
  await page.waitForLoadState("networkidle");
  assert.equal(appRequests(seen).length, before, "a statement loaded as a page loaded the app");
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(seen.foreign, []);
  await context.close();
});

test("dates follow the interface language", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const want = { "/werksta/": "Sist oppdatert 22. juni 2023.", "/da/werksta/": "Senest opdateret 22. juni 2023.", "/en/werksta/": "Last updated 22 June 2023." };
  for (const [path, text] of Object.entries(want)) {
    await page.goto(portal.base + path);
    assert.equal(await page.locator("main time").first().innerText(), text);
  }
  await context.close();
});

test("unknown addresses get a 404 page in the language of their folder", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const cases = [
    ["/werksta/nope", "nb", "Siden finnes ikke", "Gå til personvernerklæringen for Werksta"],
    ["/car-room/nope", "da", "Siden findes ikke", "Gå til privatlivspolitikken for CAR-ROOM"],
    ["/en/werksta/nope", "en", "Page not found", "Go to the privacy statement of Werksta"],
    ["/no-such-company/", "nb", "Siden finnes ikke", "Gå til forsiden"],
  ];
  for (const [path, lang, title, link] of cases) {
    const res = await page.goto(portal.base + path);
    assert.equal(res.status(), 404, path);
    assert.equal(await page.getAttribute("html", "lang"), lang, path);
    assert.equal(await page.getByRole("heading", { level: 1 }).innerText(), title, path);
    assert.ok(await page.getByRole("link", { name: link }).isVisible(), `${path}: no link "${link}"`);
  }
  await context.close();
  const api = await fetch(`${portal.base}/api/nope`, { headers: { "Accept-Language": "da" } });
  assert.equal(api.status, 404);
  assert.deepEqual(await api.json(), { error: { code: "not_found", message: "Det, du bad om, blev ikke fundet." } });
});

test("every response carries the security headers, pages and API alike", async () => {
  for (const path of ["/", "/werksta/", "/web/portal.css", "/app.js", "/web/app.wasm", "/werksta/nope", "/api/health", "/api/nope"]) {
    const res = await fetch(portal.base + path);
    const csp = res.headers.get("content-security-policy") || "";
    assert.match(csp, /default-src 'none'/, path);
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/, path);
    assert.match(csp, /frame-ancestors 'none'/, path);
    assert.equal(res.headers.get("referrer-policy"), "no-referrer", path);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
    assert.match(res.headers.get("strict-transport-security") || "", /max-age=\d+/, path);
  }
});

// The header of a static page allows what any company's tools need; the
// page's own policy (its meta tag) narrows that to its company's. So a
// company's tool may load on its own pages, and on a company that uses no
// tool, or on the portal's own pages, nothing from another host can.
test("a page may load a tool's script only if its own company uses that tool", async () => {
  const tool = "https://www.googletagmanager.com/gtag/js?id=G-TEST";
  const cases = [
    ["/werksta/request", true], // Werksta declares Google Analytics
    ["/car-room/request", false], // CAR-ROOM declares no tool
    ["/my-requests", false], // the portal's own page
    ["/en/verify", false],
  ];
  for (const [path, allowed] of cases) {
    const context = await browser.newContext();
    const fetched = [];
    // Nothing leaves the machine: the tool's host is answered here.
    await context.route("https://www.googletagmanager.com/**", (route) => {
      fetched.push(route.request().url());
      return route.fulfill({ status: 200, contentType: "text/javascript", body: "window.__toolRan = true;" });
    });
    const page = await context.newPage();
    await page.goto(portal.base + path);
    await waitForApp(page);
    const outcome = await page.evaluate((src) => new Promise((resolve) => {
      document.addEventListener("securitypolicyviolation", (e) => resolve("refused: " + e.effectiveDirective), { once: true });
      const s = document.createElement("script");
      s.src = src;
      s.onload = () => resolve(window.__toolRan ? "ran" : "loaded");
      s.onerror = () => setTimeout(() => resolve("error"), 200);
      document.head.append(s);
    }), tool);
    if (allowed) assert.equal(outcome, "ran", path);
    else {
      assert.match(outcome, /^refused: script-src/, path);
      assert.deepEqual(fetched, [], `${path}: the tool's host was asked`);
    }
    await context.close();
  }
});

test("pages let readers zoom: no maximum-scale or user-scalable=0 in the viewport", async () => {
  for (const path of ["/", "/werksta/", "/car-room/nope"]) {
    const html = await (await fetch(portal.base + path)).text();
    const viewport = html.match(/<meta name="viewport" content="([^"]*)"/)?.[1];
    assert.equal(viewport, "width=device-width, initial-scale=1", path);
  }
});

test("keyboard first: the skip link is the first stop, visible when focused, and leads to the main content", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  // CAR-ROOM asks for no cookie consent, so nothing takes focus first.
  await page.goto(`${portal.base}/car-room/`);
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Gå til hovedindholdet" });
  assert.ok(await skip.evaluate((el) => el === document.activeElement), "the skip link is not the first focus stop");
  const box = await skip.boundingBox();
  assert.ok(box && box.y >= 0 && box.height > 0, "the focused skip link is off screen");
  const outline = await skip.evaluate((el) => getComputedStyle(el).outlineStyle);
  assert.notEqual(outline, "none", "no visible focus indicator");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => location.hash === "#main");
  await page.keyboard.press("Tab");
  const inMain = await page.evaluate(() => document.querySelector("main").contains(document.activeElement));
  assert.ok(inMain, "after the skip link, Tab does not continue in the main content");
  await context.close();
});

test("an address without its trailing slash is redirected to the page", async () => {
  assert.equal(await statusOf("/werksta"), 307); // to /werksta/, by Workers static assets
  assert.equal(await statusOf("/api/health"), 200);
});
