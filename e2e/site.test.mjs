// The portal's pages as a reader meets them: every page reachable from the
// front page loads without errors, contacts no other host, passes axe-core,
// reads the same before and after the WebAssembly app takes over, and works
// with JavaScript turned off.
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

test("every page: no console error, no other host, no axe violation, same text after the app takes over", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const pages = await crawl(context, portal.base);
  await context.close();
  // Three front pages, and three languages for each of the five companies.
  assert.ok(pages.length >= 18, `crawled only ${pages.length} pages: ${pages.join(" ")}`);
  const missing = ["/werksta/", "/westrum/", "/carglass/", "/cars/", "/car-room/", "/en/", "/da/", "/en/car-room/", "/nb/car-room/"].filter((p) => !pages.includes(p));
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
    await waitForApp(page);
    const hydrated = await page.locator("main").innerText();
    const violations = await axeViolations(page);
    if (seen.errors.length) problems.push(`${path}: ${seen.errors.join("; ")}`);
    if (seen.foreign.length) problems.push(`${path}: requests to other hosts: ${seen.foreign.join(", ")}`);
    for (const v of violations) problems.push(`${path}: axe ${v.id} (${v.impact}): ${v.help} at ${v.nodes.join(", ")}`);
    if (prerendered.trim() !== hydrated.trim()) problems.push(`${path}: the app's page differs from the prerendered one`);
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

test("every company's statement is in its own language, with its privacy contact, before and after the app", async () => {
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
      if (js) await waitForApp(page);
      assert.equal(await page.getAttribute("html", "lang"), lang, `${slug} js=${js}`);
      assert.equal(await page.getByRole("heading", { level: 1 }).innerText(), title);
      const main = await page.locator("main").innerText();
      assert.ok(main.includes(email), `${slug} js=${js}: no ${email}`);
      assert.ok(main.includes("Datatilsynet"), `${slug} js=${js}: no Datatilsynet`);
      await context.close();
    }
  }
});

test("the language switch changes the interface, keeps the statement in the company's language, and sets <html lang>", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const seen = watch(page, portal.base);
  await page.goto(`${portal.base}/werksta/`);
  await waitForApp(page);
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
  await waitForApp(page);
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
