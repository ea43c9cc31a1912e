// The banner benchmark: the time from navigation to a clickable "Reject
// all" on the portal's /werksta/, against vanilla-cookieconsent v3 (npm,
// pinned in package-lock.json) on an equivalent page, in the same chromium
// run, the two measured alternately.
//
// The equivalent page is /werksta/ itself (same HTML, content, styles and
// headers, served by the same portal from a copy of site/public) with the
// portal's banner and scripts swapped for vanilla-cookieconsent's script,
// stylesheet and a configuration with the same categories and texts. It
// keeps nothing of the portal's WebAssembly app, so it is the lighter page.
//
// An init script watches every animation frame and notes performance.now()
// (milliseconds since navigation started) at the first frame in which the
// button is laid out, visible and enabled (for the portal's banner, also
// once its script has decided to ask). Each run uses a fresh browser
// context, so nothing is cached.
//
//   node scripts/bench/banner.mjs [--runs 7] [--json file]
//
// It starts the portal itself (as `make serve` runs it) on port 8795.
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startPortal, launchBrowser } from "../../e2e/harness.mjs";

const root = new URL("../..", import.meta.url).pathname;
export const VANILLA_PATH = "/bench/vanilla-cookieconsent/werksta/";

// clickableAt reports when a button matching selector first became
// clickable. ready, if given, is [attribute, value] that <html> must also
// have (the page's CSP forbids evaluating code from a string).
export async function clickableAt(browser, url, selector, ready = null, { wasm = true } = {}) {
  const context = await browser.newContext();
  if (!wasm) await context.route("**/web/app.wasm", (r) => r.abort());
  await context.addInitScript(
    ({ selector, ready }) => {
      const check = () => {
        const el = document.querySelector(selector);
        const ok = !ready || document.documentElement.getAttribute(ready[0]) === ready[1];
        if (el && ok && !el.disabled && el.offsetParent !== null && el.getBoundingClientRect().width > 0) {
          window.__clickableAt = performance.now();
          return;
        }
        requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    },
    { selector, ready },
  );
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(url, { waitUntil: "commit" });
  try {
    await page.waitForFunction(() => window.__clickableAt !== undefined, null, { timeout: 30_000 });
  } catch (err) {
    throw new Error(`${url}: no clickable ${selector} within 30 s; console errors: ${errors.join("; ") || "none"}`);
  }
  const t = await page.evaluate(() => window.__clickableAt);
  await context.close();
  return t;
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const textOf = (html, re) => {
  const m = re.exec(html);
  if (!m) throw new Error(`the page has no ${re}`);
  return m[1].replace(/<[^>]+>/g, "").trim();
};

// vanillaSite copies site/public to a temporary folder and adds the
// vanilla-cookieconsent page at VANILLA_PATH; it returns the folder.
export function vanillaSite() {
  const dir = mkdtempSync(join(tmpdir(), "portal-banner-"));
  const pub = join(dir, "public");
  cpSync(join(root, "site/public"), pub, { recursive: true });
  const page = join(pub, VANILLA_PATH);
  mkdirSync(page, { recursive: true });
  const dist = join(root, "node_modules/vanilla-cookieconsent/dist");
  const assets = join(pub, "bench/vanilla-cookieconsent");
  cpSync(join(dist, "cookieconsent.umd.js"), join(assets, "cookieconsent.umd.js"));
  cpSync(join(dist, "cookieconsent.css"), join(assets, "cookieconsent.css"));

  const html = readFileSync(join(root, "site/public/werksta/index.html"), "utf8");
  const banner = /<div[^>]*class="consent-slot"[^>]*>[\s\S]*?<\/section><\/div>/;
  if (!banner.test(html)) throw new Error("site/public/werksta/index.html has no consent banner");
  const text = {
    title: textOf(html, /<h2[^>]*id="consent-title"[^>]*>([\s\S]*?)<\/h2>/),
    description: textOf(html, /<h2[^>]*id="consent-title"[^>]*>[\s\S]*?<\/h2>\s*<p>([\s\S]*?)<\/p>/),
    accept: textOf(html, /<button[^>]*value="accept"[^>]*>([\s\S]*?)<\/button>/),
    reject: textOf(html, /<button[^>]*value="reject"[^>]*>([\s\S]*?)<\/button>/),
    choose: textOf(html, /<a[^>]*data-consent-action="choose"[^>]*>([\s\S]*?)<\/a>/),
    save: textOf(html, /<button[^>]*value="save"[^>]*>([\s\S]*?)<\/button>/),
    statistics: textOf(html, /<label[^>]*for="consent-statistics"[^>]*>([\s\S]*?)<\/label>/),
    statisticsAbout: textOf(html, /<p[^>]*id="consent-statistics-about"[^>]*>([\s\S]*?)<\/p>/),
    marketing: textOf(html, /<label[^>]*for="consent-marketing"[^>]*>([\s\S]*?)<\/label>/),
    marketingAbout: textOf(html, /<p[^>]*id="consent-marketing-about"[^>]*>([\s\S]*?)<\/p>/),
    necessaryAbout: textOf(html, /<p[^>]*id="consent-necessary-about"[^>]*>([\s\S]*?)<\/p>/),
  };
  // (go-app writes attributes in no fixed order, so the patterns allow any.)
  // The page's CSP allows only scripts from files, so the configuration
  // is one.
  const config = {
    // By default it stays hidden from automated browsers
    // (navigator.webdriver), which this one is; a visitor sees it.
    hideFromBots: false,
    categories: { necessary: { enabled: true, readOnly: true }, analytics: {}, marketing: {} },
    language: {
      default: "nb",
      translations: {
        nb: {
          consentModal: {
            title: text.title,
            description: text.description,
            acceptAllBtn: text.accept,
            acceptNecessaryBtn: text.reject,
            showPreferencesBtn: text.choose,
          },
          preferencesModal: {
            title: text.title,
            acceptAllBtn: text.accept,
            acceptNecessaryBtn: text.reject,
            savePreferencesBtn: text.save,
            sections: [
              { title: "Nødvendige", description: text.necessaryAbout, linkedCategory: "necessary" },
              { title: text.statistics, description: text.statisticsAbout, linkedCategory: "analytics" },
              { title: text.marketing, description: text.marketingAbout, linkedCategory: "marketing" },
            ],
          },
        },
      },
    },
  };
  writeFileSync(join(assets, "config.js"), `CookieConsent.run(${JSON.stringify(config, null, 2)});\n`);
  const head =
    '<link rel="stylesheet" href="/bench/vanilla-cookieconsent/cookieconsent.css">\n' +
    '<script defer src="/bench/vanilla-cookieconsent/cookieconsent.umd.js"></script>\n' +
    '<script defer src="/bench/vanilla-cookieconsent/config.js"></script>';
  const out = html
    .replace(banner, "")
    .replace(/<meta[^>]*name="pp-consent"[^>]*>\n?/, "")
    .replace(/<script[^>]*src="\/wasm_exec.js"[^>]*><\/script>\n?/, "")
    .replace(/<script[^>]*src="\/app.js"[^>]*><\/script>\n?/, "")
    .replace(/<script[^>]*src="\/web\/consent.js"[^>]*><\/script>/, head);
  if (out.includes("consent.js\"") || out.includes("/app.js")) throw new Error("the portal's scripts are still on the vanilla page");
  writeFileSync(join(page, "index.html"), out);
  return dir;
}

// compare measures both pages, alternately, runs times each.
export async function compare({ runs = 7, port = 8795 } = {}) {
  const dir = vanillaSite();
  const portal = await startPortal({ port, assets: join(dir, "public") });
  const browser = await launchBrowser();
  const portalTimes = [];
  const vanillaTimes = [];
  try {
    const ours = () => clickableAt(browser, portal.base + "/werksta/", '#consent button[value="reject"]', ["data-consent", "ask"]);
    const theirs = () => clickableAt(browser, portal.base + VANILLA_PATH, '#cc-main button[data-role="necessary"]');
    // One unmeasured run of each: the first navigation of a browser pays
    // for starting its processes.
    await ours();
    await theirs();
    for (let i = 0; i < runs; i++) {
      if (i % 2 === 0) {
        portalTimes.push(await ours());
        vanillaTimes.push(await theirs());
      } else {
        vanillaTimes.push(await theirs());
        portalTimes.push(await ours());
      }
    }
  } finally {
    await browser.close();
    await portal.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const portalMedian = median(portalTimes);
  const vanillaMedian = median(vanillaTimes);
  return { runs, portalTimes, vanillaTimes, portalMedian, vanillaMedian, ratio: portalMedian / vanillaMedian };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "7" }, json: { type: "string" } } });
  const r = await compare({ runs: Number(values.runs) });
  const list = (xs) => xs.map((t) => t.toFixed(1)).join(", ");
  console.log(`banner /werksta/ (portal):            ${list(r.portalTimes)} ms; median ${r.portalMedian.toFixed(1)} ms`);
  console.log(`banner vanilla-cookieconsent 3.1.0:   ${list(r.vanillaTimes)} ms; median ${r.vanillaMedian.toFixed(1)} ms`);
  console.log(`banner ratio portal/vanilla-cookieconsent (median, ${r.runs} runs each, chromium): ${r.ratio.toFixed(2)} (at most 1.00 wanted)`);
  if (values.json) writeFileSync(values.json, JSON.stringify(r, null, 2) + "\n");
}
