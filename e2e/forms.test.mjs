// Every form keeps exactly what a person typed and ticked. Each form is
// driven by a seeded random sequence of steps (type, clear, Tab, tick,
// untick, choose, submit), at least 200 a form, and after every step each
// field must hold exactly what was typed into it and each box be exactly
// what was clicked, hidden or not. The same holds across the app's
// take-over: steps taken on the prerendered page while app.wasm is still
// loading are kept when the app starts. A failure prints the seed and the
// last steps; FORMS_SEED=n repeats a run.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startPortal, launchBrowser, waitForApp, waitForMessage, issueToken } from "./harness.mjs";

const seed = Number(process.env.FORMS_SEED || Date.now() % 1_000_000);
const STEPS = 200;

let portal, browser, carglassToken;

before(async () => {
  portal = await startPortal({ port: 8791 });
  browser = await launchBrowser();
  // Carglass's export token, issued as an operator would (make token).
  carglassToken = (await issueToken(portal, "carglass")).token;
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

// rng is mulberry32: small, seeded, the same sequence everywhere.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// What people type: valid pieces, invalid ones (a short phone, a short
// VIN, an address without @), letters of both languages.
const PIECES = ["Ola", " Nordmann", "ola@example.no", "@", "123", "ABC", "EK12345", "+47 22 39 69 00", "æøå ÆØÅ",
  "Gamle vei 1", "0150", "Oslo", "1HGCM82633A004352", "x", "Kære", "  ", "9"];

// controls reads every control of the form in scope: value, or checked
// for a box, by id.
function readControls(page, scope) {
  return page.evaluate((scope) => {
    const out = {};
    for (const el of document.querySelectorAll(`${scope} input, ${scope} textarea, ${scope} select`)) {
      if (["hidden", "file", "submit", "button"].includes(el.type)) continue;
      out[el.id || `${el.name}=${el.value}`] = el.type === "checkbox" || el.type === "radio" ? el.checked : el.value;
    }
    return out;
  }, scope);
}

// actionable lists the controls a person can reach now: shown and enabled.
function actionable(page, scope) {
  return page.evaluate((scope) => {
    const out = [];
    for (const el of document.querySelectorAll(`${scope} input, ${scope} textarea, ${scope} select, ${scope} button[type=submit]`)) {
      if (el.type === "hidden" || el.type === "file" || el.disabled || !el.checkVisibility()) continue;
      out.push({
        id: el.id, tag: el.tagName.toLowerCase(), type: el.type, name: el.name, value: el.value,
        max: el.maxLength > 0 ? el.maxLength : 0,
        options: el.tagName === "SELECT" ? [...el.options].map((o) => o.value) : [],
      });
    }
    return out;
  }, scope);
}

// settle waits for the app to have handled the last event: two frames, and
// no request in flight (the button shows aria-busy while one is).
async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 10)))));
  await page.waitForFunction(() => !document.querySelector("[aria-busy=true]"), null, { timeout: 15_000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 10))));
}

async function dismissBanner(page) {
  const reject = page.locator("#consent button[value=reject]");
  if (await reject.isVisible()) {
    await reject.click();
    await page.locator("#consent").waitFor({ state: "hidden" });
  }
}

// drive takes steps on the form in scope and checks the model after each.
// onSubmit(control) may say what a submit did to the model; submits are
// left out when allowSubmit is false (the prerendered form would leave the
// page). It returns "left" if the form is gone (sent), else the number of
// steps taken.
async function drive(page, { scope, model, random, steps, history, allowSubmit = true, onSubmit, label }) {
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  for (let i = 0; i < steps; i++) {
    const all = await actionable(page, scope);
    const fields = all.filter((c) => c.tag === "textarea" || (c.tag === "input" && !["checkbox", "radio", "submit"].includes(c.type)));
    const boxes = all.filter((c) => c.type === "checkbox" || c.type === "radio");
    const selects = all.filter((c) => c.tag === "select");
    const submits = all.filter((c) => c.type === "submit");
    const kinds = [];
    if (fields.length) kinds.push("type", "type", "type", "clear");
    if (boxes.length) kinds.push("tick", "tick");
    if (selects.length) kinds.push("select");
    kinds.push("tab");
    if (allowSubmit && submits.length) kinds.push("submit");
    const kind = pick(kinds);
    let step;
    if (kind === "type") {
      const f = pick(fields);
      let text = pick(PIECES);
      // An e-mail field is the browser's own: it drops spaces at the ends
      // and turns a domain's letters beyond ASCII into punycode.
      if (f.type === "email") text = text.replace(/[^\x21-\x7e]/g, "");
      if (f.type === "date") text = "";
      step = `type ${JSON.stringify(text)} into #${f.id}`;
      await page.locator(`#${f.id}`).click();
      await page.keyboard.press("End");
      if (text) await page.keyboard.type(text);
      let v = (model[f.id] ?? "") + text;
      if (f.max) v = v.slice(0, f.max);
      model[f.id] = v;
    } else if (kind === "clear") {
      const f = pick(fields);
      step = `clear #${f.id}`;
      await page.locator(`#${f.id}`).fill("");
      await page.locator(`#${f.id}`).dispatchEvent("change");
      model[f.id] = "";
    } else if (kind === "tick") {
      const b = pick(boxes);
      step = `click ${b.type} #${b.id}`;
      await page.locator(`#${b.id}`).click();
      if (b.type === "radio") {
        await markRadioGroup(page, scope, b.name, model);
        model[b.id] = true;
      } else {
        model[b.id] = !model[b.id];
      }
    } else if (kind === "select") {
      const s = pick(selects);
      const v = pick(s.options);
      step = `select ${JSON.stringify(v)} in #${s.id}`;
      await page.locator(`#${s.id}`).selectOption(v);
      model[s.id] = v;
    } else if (kind === "tab") {
      step = "Tab";
      await page.keyboard.press("Tab");
    } else {
      const s = pick(submits);
      step = `submit (${s.value || s.id || "button"})`;
      await page.locator(`${scope} button[type=submit]${s.value ? `[value="${s.value}"]` : ""}`).first().click();
    }
    history.push(step);
    await settle(page);
    if (kind === "submit" && onSubmit) {
      const outcome = await onSubmit(page, model, step);
      if (outcome === "left") return "left";
    }
    const got = await readControls(page, scope);
    assert.deepEqual(got, model, `${label}, seed ${seed}, step ${history.length}: ${step}; the last steps:\n  ${history.slice(-12).join("\n  ")}`);
  }
  return steps;
}

// markRadioGroup sets every radio of a group to unchecked in the model;
// one of them is then set by the click.
async function markRadioGroup(page, scope, name, model) {
  const ids = await page.evaluate(({ scope, name }) => [...document.querySelectorAll(`${scope} input[type=radio]`)]
    .filter((el) => el.name === name).map((el) => el.id), { scope, name });
  for (const id of ids) model[id] = false;
}

// run drives one form for STEPS steps, loading it again whenever a step
// sent it; the first load holds app.wasm back for a few steps on the
// prerendered page.
async function run(t, { path, scope, label, onSubmit, prepare, takeover = true }) {
  const random = rng(seed + path.length * 7919);
  const context = await browser.newContext();
  const history = [];
  let taken = 0;
  let first = takeover;
  try {
    while (taken < STEPS) {
      const page = await context.newPage();
      // A slow phone: the app's updates then come late, after the next
      // click, which is when a form that renders state back into its
      // boxes would tick again one just unticked.
      const cdp = await context.newCDPSession(page);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 2 });
      let release = () => {};
      if (first) {
        const gate = new Promise((r) => (release = r));
        await page.route("**/web/app.wasm", async (route) => {
          await gate;
          await route.continue();
        });
      }
      await page.goto(portal.base + path);
      await dismissBanner(page);
      const model = await readControls(page, scope);
      if (first) {
        // Before the app: typing and ticking on the prerendered page.
        history.push("(app.wasm held back)");
        await drive(page, { scope, model, random, steps: 12, history, allowSubmit: false, label: `${label} before the app` });
        release();
        await waitForApp(page);
        history.push("(the app took over)");
        await settle(page);
        assert.deepEqual(await readControls(page, scope), model, `${label}, seed ${seed}: the app's take-over changed what was typed or ticked; steps:\n  ${history.join("\n  ")}`);
        taken += 12;
        first = false;
      } else {
        await waitForApp(page);
        if (prepare) await prepare(page);
        Object.assign(model, await readControls(page, scope));
      }
      const r = await drive(page, { scope, model, random, steps: STEPS - taken, history, onSubmit, label });
      if (r === "left") {
        taken = history.length;
        history.push("(the form was sent: loaded again)");
        await page.close();
        continue;
      }
      taken += r;
      await page.close();
    }
    t.diagnostic(`${label}: ${history.length} steps, seed ${seed}`);
  } finally {
    await context.close();
  }
}

// left reports whether a submit sent the form (the page moved on).
function leftWhen(selector) {
  return async (page) => ((await page.locator(selector).count()) > 0 ? "left" : undefined);
}

test(`the request form keeps every value and box through ${STEPS} random steps, in Norwegian and Danish (seed ${seed})`, async (t) => {
  for (const slug of ["werksta", "car-room"]) {
    await run(t, { path: `/${slug}/request`, scope: "form.request-form", label: `/${slug}/request`, onSubmit: leftWhen("#code") });
  }
});

test(`the marketing form keeps every value and box through ${STEPS} random steps (seed ${seed})`, async (t) => {
  for (const slug of ["carglass", "car-room"]) {
    await run(t, {
      path: `/${slug}/marketing`, scope: `form[action="/api/${slug}/marketing"]`, label: `/${slug}/marketing`,
      onSubmit: leftWhen(".page-marketing p.lead[role=status]"),
    });
  }
});

test(`the cookie choices keep every box as clicked, and as chosen by Accept all and Reject all (seed ${seed})`, async (t) => {
  await run(t, {
    path: "/werksta/cookies", scope: ".page-cookies form", label: "/werksta/cookies",
    onSubmit: async (page, model, step) => {
      // Accept all ticks every optional category, Reject all and Withdraw
      // untick them; Save keeps the boxes as they are.
      const method = /submit \((\w+)\)/.exec(step)?.[1];
      if (method === "accept" || method === "reject" || method === "withdraw") {
        for (const id of Object.keys(model)) {
          if (id.startsWith("cookie-")) model[id] = method === "accept";
        }
      }
      return undefined;
    },
  });
});

test(`the marketer's export filters keep what was chosen (seed ${seed})`, async (t) => {
  await run(t, {
    path: "/carglass/export", scope: ".page-export .filters", label: "/carglass/export", takeover: false,
    // The filters show once the company's token has loaded the counts.
    prepare: async (page) => {
      await page.locator("#x-token").fill(carglassToken);
      await page.locator(".page-export form button[type=submit]").first().click();
      await page.locator(".page-export .filters").waitFor({ timeout: 15_000 });
      await settle(page);
    },
  });
});

// The company's extend form is the Worker's page, without the app: each
// submit that the Worker refuses (no date, a date out of range, no
// reasons) comes back as the same form with its errors, holding what was
// typed (less white space at the ends, which the Worker drops too), and
// extends nothing. A submit that would succeed is never made.
test(`the extend form, sent back with its errors, keeps what the privacy contact typed (seed ${seed})`, async (t) => {
  const random = rng(seed + 31);
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  const res = await fetch(`${portal.base}/api/werksta/requests`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ type: "access", name: "Forleng Tilfeldig", email: "forleng.tilfeldig@example.no" }),
  });
  const { id } = await res.json();
  const code = /: (\d{6})\b/.exec((await waitForMessage(portal.outbox, "forleng.tilfeldig@example.no", /^Bekreft kravet/)).text)[1];
  await fetch(`${portal.base}/api/requests/${id}/confirm`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ code }) });
  const forward = await waitForMessage(portal.outbox, "catherine.sahlgren@werksta.com", /^Krav om innsyn/);
  const link = new RegExp(`https?://[^/\\s]+(/api/requests/${id}/extend\\?token=[\\w-]+)`).exec(forward.text)[1];
  const before = await (await fetch(`${portal.base}/api/requests/${id}`)).json();

  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(portal.base + link);
  const scope = ".page-company form";
  const { min, max } = await page.evaluate(() => ({ min: document.querySelector("#x-date").min, max: document.querySelector("#x-date").max }));
  const shift = (iso, days) => new Date(Date.parse(iso) + days * 86_400_000).toISOString().slice(0, 10);
  const dates = ["", shift(min, -1), min, max, shift(max, 1)];
  const inRange = (d) => d !== "" && d >= min && d <= max;
  const model = await readControls(page, scope);
  const history = [];
  let submits = 0;
  for (let i = 0; i < STEPS; i++) {
    const kind = pick(["type", "type", "enter", "clear", "date", "tab", "submit"]);
    let step;
    if (kind === "type" || kind === "enter") {
      const text = kind === "enter" ? "\n" : pick(PIECES);
      step = `type ${JSON.stringify(text)} into the reasons`;
      await page.locator("#x-reasons").click();
      await page.keyboard.press("ControlOrMeta+End");
      if (text === "\n") await page.keyboard.press("Enter");
      else await page.keyboard.type(text);
      model["x-reasons"] += text;
    } else if (kind === "clear") {
      step = "clear the reasons";
      await page.locator("#x-reasons").fill("");
      model["x-reasons"] = "";
    } else if (kind === "date") {
      const d = pick(dates);
      step = `date ${JSON.stringify(d)}`;
      await page.locator("#x-date").fill(d);
      model["x-date"] = d;
    } else if (kind === "tab") {
      step = "Tab";
      await page.keyboard.press("Tab");
    } else {
      // Never a submit the Worker would accept.
      if (inRange(model["x-date"]) && model["x-reasons"].trim() !== "") {
        model["x-reasons"] = "";
        await page.locator("#x-reasons").fill("");
      }
      step = "submit";
      await Promise.all([page.waitForNavigation(), page.locator(`${scope} button[type=submit]`).click()]);
      submits++;
      model["x-date"] = model["x-date"].trim();
      model["x-reasons"] = model["x-reasons"].trim();
      const errors = await page.locator(`${scope} .error:not([hidden])`).count();
      assert.ok(errors > 0, `seed ${seed}, step ${i + 1}: a refused extension says why`);
    }
    history.push(step);
    assert.deepEqual(await readControls(page, scope), model, `extend form, seed ${seed}, step ${i + 1}: ${step}; the last steps:\n  ${history.slice(-12).join("\n  ")}`);
  }
  await context.close();
  const after = await (await fetch(`${portal.base}/api/requests/${id}`)).json();
  assert.equal(after.extended_to ?? null, before.extended_to ?? null, "nothing was extended");
  assert.equal(after.due_by, before.due_by);
  t.diagnostic(`extend form: ${STEPS} steps, ${submits} submits, seed ${seed}`);
});
