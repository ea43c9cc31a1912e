// The offer of a page in the language the browser prefers (site/assets/lang.js
// and the offers in every header, app/ui/header.go), in chromium with the
// browser's language set as a visitor's would be: on a static page and on
// a page the app has taken over, never when the page is already in that
// language, dismissible for the session, without a cookie, and without
// moving the page once shown. And the portal's own privacy notice, which
// every form links to, in its three languages.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startPortal, launchBrowser, watch, waitForApp, axeViolations } from "./harness.mjs";

let portal, browser;

before(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

// open loads a page in a fresh context whose browser prefers locale,
// counting layout shifts from the first paint on.
async function open(locale, path, options = {}) {
  const context = await browser.newContext({ locale, ...options });
  const page = await context.newPage();
  const seen = watch(page, portal.base);
  await page.addInitScript(() => {
    window.__shifts = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts += e.value;
    }).observe({ type: "layout-shift", buffered: true });
  });
  await page.goto(portal.base + path);
  return { context, page, seen };
}

// shown is the offers a reader sees (the others are display: none, out of
// the accessibility tree too), as [language, text, address].
const shown = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll(".lang-offer")]
      .filter((el) => getComputedStyle(el).display !== "none")
      .map((el) => [el.getAttribute("lang"), el.querySelector("a").textContent.trim(), el.querySelector("a").getAttribute("href")]),
  );

test("a Norwegian page read in a browser that prefers English offers the English page, from the first paint, and leads there", async () => {
  const { context, page, seen } = await open("en-US", "/werksta/");
  assert.deepEqual(await shown(page), [["en", "This page is also in English", "/en/werksta/"]]);
  // The offer is there before anything is drawn: nothing moves for it.
  await page.waitForLoadState("networkidle");
  const shifts = await page.evaluate(() => window.__shifts);
  assert.ok(shifts < 0.01, `the page moved by ${shifts} (cumulative layout shift)`);
  const offer = page.getByRole("link", { name: "This page is also in English" });
  assert.equal(await offer.getAttribute("hreflang"), "en");
  await offer.click();
  await page.waitForURL(`${portal.base}/en/werksta/`);
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.deepEqual(await shown(page), [], "the page is in the preferred language: nothing to offer");
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual([seen.errors, seen.foreign], [[], []]);
  assert.deepEqual(await context.cookies(), [], "no cookie of the portal's own");
  await context.close();
});

test("an English page read in Norwegian offers bokmål; the offer is dismissed for the session, by its button or by the language switch", async () => {
  const { context, page } = await open("nb-NO", "/en/werksta/");
  assert.deepEqual(await shown(page), [["nb", "Denne siden finnes også på norsk", "/werksta/"]]);
  assert.deepEqual(await axeViolations(page), []);
  // The button is named in the offer's language, and focus goes on to the
  // page's content when it closes the offer.
  await page.getByRole("button", { name: "Lukk" }).click();
  assert.deepEqual(await shown(page), []);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "main");
  await page.reload();
  assert.deepEqual(await shown(page), [], "dismissed for the session");
  await page.goto(`${portal.base}/en/westrum/`);
  assert.deepEqual(await shown(page), [], "on every page of the session");
  assert.deepEqual(await context.cookies(), [], "remembered without a cookie");
  await context.close();

  // A new session asks again; picking a language in the switch is a
  // choice too, and the offer goes.
  const again = await open("nb-NO", "/en/cars/");
  assert.equal((await shown(again.page)).length, 1, "a new session offers again");
  await again.page.getByRole("navigation", { name: "Language" }).getByRole("link", { name: "Dansk" }).click();
  await again.page.waitForURL(`${portal.base}/da/cars/`);
  assert.deepEqual(await shown(again.page), [], "whoever picked Danish is not offered Norwegian");
  await again.context.close();
});

test("on a page the app has taken over, a Danish browser is offered Danish, and the offer follows the app from page to page", async () => {
  const { context, page, seen } = await open("da-DK", "/en/verify");
  await waitForApp(page);
  assert.deepEqual(await shown(page), [["da", "Denne side findes også på dansk", "/da/verify"]]);
  // In-app navigation: the app renders the next page's header, and its offer.
  await page.locator("footer").getByRole("link", { name: "My requests" }).click();
  await page.waitForURL(`${portal.base}/en/my-requests`);
  assert.deepEqual(await shown(page), [["da", "Denne side findes også på dansk", "/da/my-requests"]]);
  assert.deepEqual(await axeViolations(page), []);
  await page.getByRole("link", { name: "Denne side findes også på dansk" }).click();
  await page.waitForURL(`${portal.base}/da/my-requests`);
  assert.deepEqual(await shown(page), []);
  assert.deepEqual([seen.errors, seen.foreign], [[], []]);
  await context.close();
});

test("no offer where the page is in the preferred language, for a language the portal lacks, or without JavaScript", async () => {
  for (const [locale, path] of [
    ["da-DK", "/car-room/"],
    ["nb-NO", "/"],
    ["nn-NO", "/werksta/request"], // nynorsk readers get bokmål, as Accept-Language does
    ["en-GB", "/en/"],
    ["de-DE", "/werksta/"],
  ]) {
    const { context, page } = await open(locale, path);
    assert.deepEqual(await shown(page), [], `${locale} on ${path}`);
    await context.close();
  }
  const { context, page } = await open("en-US", "/werksta/", { javaScriptEnabled: false });
  assert.deepEqual(await shown(page), [], "without the script no offer shows, and the language switch is there");
  await context.close();
});

test("the portal's own privacy notice: in three languages, static, linked from the forms and the banner, naming the periods", async () => {
  for (const [path, lang, title, keep] of [
    ["/privacy", "nb", "Personvernerklæring for Personvernportalen", /slettes det 30 dager etter at det kom fram/],
    ["/da/privacy", "da", "Privatlivspolitik for Privatlivsportalen", /slettes den 30 dage efter/],
    ["/en/privacy", "en", "Privacy notice of the privacy portal", /deleted 30 days after it reached the company/],
  ]) {
    const { context, page, seen } = await open(lang, path);
    await page.waitForLoadState("networkidle");
    assert.equal(await page.getAttribute("html", "lang"), lang);
    assert.equal(await page.getByRole("heading", { level: 1 }).innerText(), title);
    assert.match(await page.locator("main").innerText(), keep);
    assert.ok(!seen.requests.some((u) => /app\.wasm|wasm_exec|\/app\.js/.test(u)), `${path} loaded the app`);
    await context.close();
  }
  // From the request form and the cookie banner to the notice's table of
  // what is kept.
  const { context, page } = await open("nb-NO", "/werksta/request");
  await page.getByRole("link", { name: "Slik behandler portalen personopplysninger" }).first().click();
  await page.waitForURL(`${portal.base}/privacy#kept`);
  assert.equal(await page.getByRole("heading", { level: 1 }).innerText(), "Personvernerklæring for Personvernportalen");
  await page.goto(`${portal.base}/werksta/`);
  await page.getByRole("region", { name: /ber om samtykke/ }).getByRole("link", { name: "Slik behandler portalen personopplysninger" }).click();
  await page.waitForURL(`${portal.base}/privacy#kept`);
  await context.close();
});
