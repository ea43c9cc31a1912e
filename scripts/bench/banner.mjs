// Measures the time from navigation to a clickable "Reject all" on a page,
// in Debian's chromium: an init script watches every animation frame and
// notes performance.now() (milliseconds since navigation started) at the
// first frame in which the button is laid out, visible, enabled and the
// consent script has decided to ask. Each run uses a fresh browser context,
// so nothing is cached.
//
//   node scripts/bench/banner.mjs [--runs 5] [--path /werksta/] [--base http://127.0.0.1:8787]
//
// Without --base it starts the portal itself (make serve) on a free port.
import { parseArgs } from "node:util";
import { startPortal, launchBrowser } from "../../e2e/harness.mjs";

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
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForFunction(() => window.__clickableAt !== undefined, null, { timeout: 30_000 });
  const t = await page.evaluate(() => window.__clickableAt);
  await context.close();
  return t;
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "5" }, path: { type: "string", default: "/werksta/" }, base: { type: "string" } } });
  const portal = values.base ? null : await startPortal({ port: 8795 });
  const base = values.base ?? portal.base;
  const browser = await launchBrowser();
  try {
    const times = [];
    for (let i = 0; i < Number(values.runs); i++) {
      times.push(await clickableAt(browser, base + values.path, '#consent button[value="reject"]', ["data-consent", "ask"]));
    }
    console.log(`banner ${values.path}: clickable Reject all after ${times.map((t) => t.toFixed(1)).join(", ")} ms; median ${median(times).toFixed(1)} ms (${times.length} runs, chromium)`);
  } finally {
    await browser.close();
    await portal?.stop();
  }
}
