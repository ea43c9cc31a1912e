// The one way this project runs wrangler: `make serve` (scripts/serve.mjs),
// the Makefile's own wrangler commands, the browser tests (e2e/harness.mjs),
// the benchmarks and scripts/deploy.mjs all start it from here, with the
// same environment, so that none of them phones home and each `wrangler
// dev` is started, waited for and stopped the same way.
//
// As a command it runs wrangler with that environment and the arguments it
// is given, and exits as wrangler does:
//
//   node scripts/wrangler.mjs d1 migrations apply DB --local --persist-to .wrangler/state
//
// No dependencies.
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

// wranglerBin is the pinned wrangler's own script, run with this node.
export const wranglerBin = join(root, "node_modules/wrangler/bin/wrangler.js");

// quiet is what keeps wrangler from contacting anyone from a developer's
// machine or CI: no metrics, no update check (it comes with the banner),
// no download of Cloudflare's Request.cf sample (there may be no network).
export const quiet = {
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_HIDE_BANNER: "true",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
};

// wranglerEnv is this process's environment with extra and quiet: quiet
// last, since a variable left in a developer's shell must not turn the
// metrics back on.
export function wranglerEnv(extra = {}) {
  return { ...process.env, ...extra, ...quiet };
}

// spawnWrangler starts wrangler with args in a process group of its own
// (wrangler, its node child and workerd), so that one signal to the group
// ends them all; see stopGroup.
export function spawnWrangler(args, { cwd = root, env = {}, stdio = ["ignore", "pipe", "pipe"] } = {}) {
  if (!existsSync(wranglerBin)) throw new Error(`${wranglerBin} is missing; run \`npm ci\` first`);
  return spawn(process.execPath, [wranglerBin, ...args], { cwd, env: wranglerEnv(env), detached: true, stdio });
}

// runWrangler runs a wrangler command that ends (d1 execute, migrations)
// and resolves with its output. It does not block the event loop, so a
// caller's servers and its connections to a portal keep being served
// while it runs.
export function runWrangler(args, { cwd = root } = {}) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [wranglerBin, ...args], { cwd, env: wranglerEnv(), maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err) {
        err.message += `\n${stdout}${stderr}`;
        reject(err);
      } else resolve({ stdout, stderr });
    });
  });
}

// migrate applies functions/migrations to the local D1 database in persist.
export function migrate(persist) {
  return runWrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist]);
}

// d1 runs SQL on the local D1 database in persist, the way an operator
// would, and returns the first statement's rows: { command } is the SQL
// itself, { file } a file of it. A Worker serving from the same database
// may hold it locked for a moment (SQLITE_BUSY, which local D1 does not
// wait out); d1 tries again until it is free, for up to ten seconds.
export async function d1(persist, { command, file }) {
  const what = file !== undefined ? ["--file", file] : ["--command", command];
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const { stdout } = await runWrangler(["d1", "execute", "DB", "--local", "--persist-to", persist, "--json", ...what]);
      return JSON.parse(stdout)[0]?.results;
    } catch (err) {
      if (!/SQLITE_BUSY/.test(err.message) || Date.now() > deadline) throw err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

// devArgs are the arguments of `wrangler dev` serving on loopback at port:
// persist is where local D1 and the rest of its state live; config another
// wrangler.toml; assets another folder of static assets; scheduled adds
// --test-scheduled (GET /__scheduled runs the Cron Trigger's work); vars
// are Worker variables; args more flags. The links in the portal's e-mails
// follow the port (PORTAL_ORIGIN) unless vars or args set it.
export function devArgs({ port, persist, config, assets, scheduled = false, vars = {}, args = [] }) {
  const out = ["dev", "--ip", "127.0.0.1", "--port", String(port), "--show-interactive-dev-session=false"];
  if (persist) out.push("--persist-to", persist);
  if (config) out.push("-c", config);
  if (assets) out.push("--assets", assets);
  if (scheduled) out.push("--test-scheduled");
  const all = { PORTAL_ORIGIN: `http://127.0.0.1:${port}`, ...vars };
  if (args.some((a) => a.includes("PORTAL_ORIGIN:"))) delete all.PORTAL_ORIGIN;
  for (const [k, v] of Object.entries(all)) out.push("--var", `${k}:${v}`);
  return [...out, ...args];
}

const MARKER = "send_email binding called with the following message:";

// ANSI escape sequences (CSI such as colours, and OSC) and a line's trailing CR.
const ansi = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

// dev runs `wrangler dev` with args (see devArgs) and passes its standard
// output and error to stdout and stderr (anything with write(string)) a
// line at a time. With outbox, it keeps every e-mail the Worker sends
// through its send_email binding (MAIL) as an RFC 5322 .eml file there.
//
// Under wrangler dev, miniflare simulates the binding: it writes each
// message to a file in its temporary folder, byte for byte as the Worker
// gave it as long as that is UTF-8 (miniflare 4.86 reads it as text, so a
// byte that is not UTF-8 becomes U+FFFD; 7-bit or UTF-8 mail is safe), and
// logs
//
//   [wrangler:info] send_email binding called with the following message:
//     /tmp/miniflare-<hex>/files/email/<uuid>.eml
//
// (in colour when the output is a terminal). That folder is deleted when
// wrangler exits, so dev watches wrangler's output for the line and copies
// each file at once to <outbox>/<ISO time, ':' as '-'>-<n>.eml, e.g.
// 2025-09-01T12-00-00.123Z-0001.eml, where n counts the messages of this
// run. Names sort in the order the messages were sent. Each file is written
// under a hidden temporary name (.<name>.<pid>.tmp) in the outbox and then
// renamed, so a reader polling for *.eml never sees half a message.
//
// It returns the child, in a process group of its own (spawnWrangler).
export function dev(args, { outbox, stdout = process.stdout, stderr = process.stderr, cwd, env } = {}) {
  if (outbox) mkdirSync(outbox, { recursive: true });
  const child = spawnWrangler(args, { cwd, env });
  let count = 0;
  // deliver copies one message file from miniflare's folder into the outbox.
  const deliver = (source) => {
    if (!outbox) return;
    let tmp;
    try {
      const bytes = readFileSync(source);
      const stamp = new Date().toISOString().replace(/:/g, "-");
      let name;
      do name = `${stamp}-${String(++count).padStart(4, "0")}.eml`;
      while (existsSync(join(outbox, name)));
      tmp = join(outbox, `.${name}.${process.pid}.tmp`);
      writeFileSync(tmp, bytes);
      renameSync(tmp, join(outbox, name));
      const shown = relative(process.cwd(), join(outbox, name));
      stdout.write(`[serve] mail ${bytes.length} B -> ${shown.startsWith("..") ? join(outbox, name) : shown}\n`);
    } catch (err) {
      if (tmp) rmSync(tmp, { force: true });
      stderr.write(`[serve] could not copy the mail in ${source} to ${outbox}: ${err.message}\n`);
    }
  };
  passLines(child.stdout, stdout, deliver);
  passLines(child.stderr, stderr, deliver);
  return child;
}

// passLines passes a stream of wrangler's through to `to` a line at a
// time (an unfinished line after a short pause), so that dev's own lines
// never land in the middle of one of its, and scans the lines, which may
// arrive split across chunks, for the mail marker and the path after it.
function passLines(from, to, deliver) {
  const decoder = new StringDecoder("utf8");
  let pending = ""; // the unfinished last line
  let shown = 0; // how much of it has been written out already
  let timer;
  let expectPath = false;
  const scan = (raw) => {
    const text = raw.replace(ansi, "").replace(/\r$/, "");
    if (expectPath) {
      if (text.trim() === "") return;
      expectPath = false;
      deliver(text.trim());
      return;
    }
    const at = text.indexOf(MARKER);
    if (at < 0) return;
    const rest = text.slice(at + MARKER.length).trim();
    if (rest) deliver(rest);
    else expectPath = true;
  };
  const flush = () => {
    to.write(pending.slice(shown));
    shown = pending.length;
  };
  from.on("data", (chunk) => {
    clearTimeout(timer);
    const lines = (pending + decoder.write(chunk)).split("\n");
    pending = lines.pop();
    for (const line of lines) {
      to.write(line.slice(shown) + "\n");
      shown = 0;
      scan(line);
    }
    if (pending.length > shown) timer = setTimeout(flush, 100);
  });
  from.on("end", () => {
    clearTimeout(timer);
    pending += decoder.end();
    if (pending) to.write(pending.slice(shown) + "\n");
    if (pending) scan(pending);
    pending = "";
    shown = 0;
  });
}

// startDev runs `wrangler dev` (devArgs' options, and dev's outbox, cwd
// and env) on port and resolves once ready, a path, answers 200 (with
// anyStatus, anything), with:
//
//   base    the origin it serves
//   pgid    its process group (wrangler, its node child, workerd), for
//           measurements of its processes
//   log()   all it has printed so far
//   stop()  ends the group and waits until nothing serves base; it
//           removes the state folder if startDev made it (no persist)
//
// A server already answering on the port (left by a run that was killed)
// would answer in this one's place: startDev refuses rather than let a
// test or a benchmark measure the wrong one.
export async function startDev({ port, persist, outbox, ready = "/", anyStatus = false, cwd, env, ...options }) {
  const base = `http://127.0.0.1:${port}`;
  if (await answers(base)) throw new Error(`port ${port} is already serving; stop the old portal first`);
  const own = !persist;
  persist ??= mkdtempSync(join(tmpdir(), "portal-state-"));
  let log = "";
  const sink = { write: (s) => (log += s) };
  const child = dev(devArgs({ port, persist, ...options }), { outbox, stdout: sink, stderr: sink, cwd, env });
  const cleanup = () => own && rmSync(persist, { recursive: true, force: true });
  try {
    await waitUntilServing(child, base + ready, () => log, { anyStatus });
  } catch (err) {
    await stopGroup(child, base).catch(() => {});
    cleanup();
    throw err;
  }
  return {
    base,
    persist,
    pgid: child.pid,
    log: () => log,
    async stop() {
      await stopGroup(child, base);
      cleanup();
    },
  };
}

// waitUntilServing waits until url answers 200 (with anyStatus, anything),
// for at most two minutes, or fails at once if child (the wrangler dev
// serving it) exits first.
export async function waitUntilServing(child, url, log, { anyStatus = false } = {}) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`wrangler dev exited (${child.exitCode ?? child.signalCode}):\n${log()}`);
    }
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok || anyStatus) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`${url} did not answer within 120 s:\n${log()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

// answers says whether anything serves base.
async function answers(base) {
  try {
    await (await fetch(base, { signal: AbortSignal.timeout(1000) })).arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

const signalGroup = (child, signal) => {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone already
  }
};

// stopGroup ends a child started in a group of its own (spawnWrangler) and
// everything it started: SIGTERM, on which wrangler shuts down cleanly and
// removes its temporary folder (SIGKILL after ten seconds if it hangs).
// With base, it then waits until nothing answers there, since workerd may
// let the port go a moment after wrangler has exited and a server started
// next on the port must not find this one (SIGKILL to the group after five
// seconds, failing after ten); then whatever of the group outlived it goes.
export async function stopGroup(child, base) {
  signalGroup(child, "SIGTERM");
  if (child.exitCode === null && child.signalCode === null) {
    const killer = setTimeout(() => signalGroup(child, "SIGKILL"), 10_000);
    await new Promise((r) => child.once("exit", r));
    clearTimeout(killer);
  }
  for (let i = 0; base && (await answers(base)); i++) {
    if (i === 50) signalGroup(child, "SIGKILL");
    if (i > 100) throw new Error(`${base} still answers after its wrangler dev was stopped`);
    await new Promise((r) => setTimeout(r, 100));
  }
  signalGroup(child, "SIGKILL");
}

// exitStatus is a shell's status for a child that ended with code or by
// signal (128 + the signal's number).
export const exitStatus = (code, signal) => code ?? 128 + (constants.signals[signal] ?? 0);

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const child = spawn(process.execPath, [wranglerBin, ...process.argv.slice(2)], { cwd: process.cwd(), env: wranglerEnv(), stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  child.on("error", (err) => {
    console.error(`wrangler: ${err.message}`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => process.exit(exitStatus(code, signal)));
}
