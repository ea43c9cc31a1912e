// make screenshots: every page of the portal at 1280 and 390 px wide, as
// PNG files in .data/screenshots/, for a person to review. The static
// pages are found by following every link from the front page (as
// e2e/site.test.mjs does); the Worker's pages and the e-mails are reached
// the way a customer, a privacy contact and a marketer reach them: a
// request filed and confirmed, the company's links opened, a marketing
// choice confirmed and managed, an export loaded with its key. Each
// e-mail's HTML part is shown too, as a mail program would.
//
// It starts its own portal (port 8796, a fresh database) and stops it.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startPortal, launchBrowser, settled, waitForMessage, crawl, issueToken } from "../e2e/harness.mjs";

const root = new URL("..", import.meta.url).pathname;
const out = join(root, ".data/screenshots");
const widths = [1280, 390];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const portal = await startPortal({ port: 8796 });
const browser = await launchBrowser();
const shots = [];

// name turns an address into a file name: /da/werksta/request -> da-werksta-request.
const name = (path) => path.replace(/^\/|\/$/g, "").replace(/[^A-Za-z0-9._-]+/g, "-") || "front";

// One browser context a width, kept for every page, so the app is
// fetched and compiled once a width rather than once a page.
const pages = {};
for (const width of widths) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  pages[width] = await context.newPage();
}

// shoot loads a page (or, with html, shows that markup) at each width, lets
// the app take over (the Worker's own pages have none), and saves the
// whole page.
async function shoot(label, { path, html, prepare }) {
  for (const width of widths) {
    const page = pages[width];
    if (html !== undefined) {
      // A blank page first: written into a page of the portal, the
      // e-mail would fall under the portal's CSP, which forbids its
      // inline styles (mail programs have no such policy).
      await page.goto("about:blank");
      await page.setContent(html, { waitUntil: "load" });
    } else {
      await page.goto(portal.base + path);
      if (!path.startsWith("/api/")) await settled(page);
    }
    if (prepare) await prepare(page);
    const file = join(out, `${label}-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    shots.push(`${file}${wide ? "  (wider than the screen)" : ""}`);
  }
}

try {
  // The static pages, as linked.
  const crawler = await browser.newContext({ javaScriptEnabled: false });
  const found = await crawl(crawler, portal.base);
  await crawler.close();
  for (const path of found) await shoot(name(path), { path });
  await shoot("not-found", { path: "/werksta/does-not-exist" });

  // A request, as a customer files it and a privacy contact receives it.
  const post = async (path, body) => {
    const res = await fetch(portal.base + path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    if (res.status >= 400) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
    return res;
  };
  const email = "skjermbilde@example.no";
  const filed = await (await post("/api/werksta/requests", {
    type: "access", name: "Åse Skjermbilde", email, phone: "+4791234567", registration: "AB12345", details: "Alt dere har om meg og bilen.",
  })).json();
  const confirm = await waitForMessage(portal.outbox, email, /^Bekreft kravet/);
  const code = /: (\d{6})\b/.exec(confirm.text)[1];
  const link = (mail, re) => re.exec(mail.text)[1].replace(/^https?:\/\/[^/]+/, "");
  await shoot("mail-confirm", { html: confirm.html });
  await shoot("api-request-confirm-page", { path: link(confirm, /(https?:\/\/\S+\/api\/requests\/[0-9a-f]+\/confirm\?token=\S+)/) });
  await post(`/api/requests/${filed.id}/confirm`, { code });
  const forward = await waitForMessage(portal.outbox, "catherine.sahlgren@werksta.com", new RegExp(filed.reference));
  await shoot("mail-forward", { html: forward.html });
  const receipt = await waitForMessage(portal.outbox, email, /./).catch(() => undefined);
  if (receipt?.html) await shoot("mail-receipt", { html: receipt.html });
  await shoot("api-request-extend", { path: link(forward, /(https?:\/\/\S+\/api\/requests\/[0-9a-f]+\/extend\?token=\S+)/) });
  await shoot("api-request-handled", { path: link(forward, /(https?:\/\/\S+\/api\/requests\/[0-9a-f]+\/handled\?token=\S+)/) });
  await shoot("api-error", { path: "/api/requests/0123456789abcdef/handled?token=wrong" });

  // A marketing choice, confirmed and managed.
  const mkt = "markedsforing.skjermbilde@example.no";
  await post("/api/werksta/marketing", { channels: ["email"], reserve: ["post"], email: mkt, name: "Åse Skjermbilde", street: "Storgata 1", postal_code: "0155", city: "Oslo", language: "nb" });
  const mconfirm = await waitForMessage(portal.outbox, mkt, /./);
  await shoot("mail-marketing-confirm", { html: mconfirm.html });
  const confirmURL = new URL(/(https?:\/\/\S+\/api\/marketing\/confirm\?t=\S+)/.exec(mconfirm.text)[1]);
  const t = confirmURL.searchParams.get("t");
  await shoot("api-marketing-confirm", { path: confirmURL.pathname + confirmURL.search });
  await post("/api/marketing/confirm", { t });
  const mreceipt = await waitForMessage(portal.outbox, mkt, /./);
  await shoot("mail-marketing-receipt", { html: mreceipt.html });
  const manage = /(https?:\/\/\S+\/api\/marketing\/manage\?p=\S+)/.exec(mreceipt.text);
  if (manage) await shoot("api-marketing-manage", { path: manage[1].replace(/^https?:\/\/[^/]+/, "") });

  // The marketer's export, loaded with a key issued as an operator would
  // (make token); the verify page with the forwarded e-mail dropped on it.
  const { token } = await issueToken(portal, "werksta", ["marketing", "summary"], { name: "screenshots" });
  await shoot("werksta-export-loaded", {
    path: "/werksta/export",
    prepare: async (page) => {
      await page.locator("#x-token").fill(token);
      await page.locator(".page-export form button[type=submit]").first().click();
      await page.locator(".page-export .filters").waitFor({ timeout: 15_000 });
    },
  });
  const eml = join(out, ".forward.eml");
  writeFileSync(eml, forward.bytes);
  await shoot("verify-checked", {
    path: "/verify",
    prepare: async (page) => {
      await page.locator("input[type=file]").setInputFiles(eml);
      await page.locator(".verdict").first().waitFor({ timeout: 15_000 });
    },
  });
  rmSync(eml);
} finally {
  await browser.close();
  await portal.stop();
}
console.log(shots.join("\n"));
console.log(`screenshots: ${shots.length} in ${out}`);
