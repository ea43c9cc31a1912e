// Runs `wrangler dev` with the arguments it is given and keeps every e-mail
// the Worker sends through its send_email binding (MAIL) as an RFC 5322
// .eml file in the outbox folder: $OUTBOX, or .data/outbox of the checkout.
//
//   OUTBOX=/tmp/outbox node scripts/serve.mjs --ip 127.0.0.1 --port 8787 ...
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
// wrangler exits, so this script watches wrangler's output for the line and
// copies each file at once to <outbox>/<ISO time, ':' as '-'>-<n>.eml, e.g.
// 2025-09-01T12-00-00.123Z-0001.eml, where n counts the messages of this
// run. Names sort in the order the messages were sent. Each file is written
// under a hidden temporary name (.<name>.<pid>.tmp) in the outbox and then
// renamed, so a reader polling for *.eml never sees half a message.
//
// wrangler runs in its own process group. SIGINT and SIGTERM are passed on
// to that whole group (wrangler, its node child and workerd), SIGHUP as
// SIGTERM, and this script exits with wrangler's exit code once wrangler
// has exited (128 + the signal's number if a signal ended it). No
// dependencies.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { constants } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outbox = resolve(process.env.OUTBOX || join(root, ".data/outbox"));
const wrangler = join(root, "node_modules/wrangler/bin/wrangler.js");
const MARKER = "send_email binding called with the following message:";

if (!existsSync(wrangler)) {
  console.error(`serve: ${wrangler} is missing; run \`npm ci\` first`);
  process.exit(1);
}
mkdirSync(outbox, { recursive: true });

// wrangler sees pipes, not a terminal; keep its colours for a person at one.
const env = { WRANGLER_SEND_METRICS: "false", ...process.env };
if (process.stdout.isTTY && env.FORCE_COLOR === undefined && env.NO_COLOR === undefined) env.FORCE_COLOR = "1";

const child = spawn(process.execPath, [wrangler, "dev", ...process.argv.slice(2)], {
  env,
  detached: true, // its own process group, which the signals below go to
  stdio: ["ignore", "pipe", "pipe"],
});

let count = 0;

// deliver copies one message file from miniflare's folder into the outbox.
function deliver(source) {
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
    process.stdout.write(`[serve] mail ${bytes.length} B -> ${shown.startsWith("..") ? join(outbox, name) : shown}\n`);
  } catch (err) {
    if (tmp) rmSync(tmp, { force: true });
    process.stderr.write(`[serve] could not copy the mail in ${source} to ${outbox}: ${err.message}\n`);
  }
}

// ANSI escape sequences (CSI such as colours, and OSC) and a line's trailing CR.
const ansi = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

// watch passes a stream of wrangler's through to ours a line at a time (an
// unfinished line after a short pause), so that our own lines never land in
// the middle of one of its, and scans the lines, which may arrive split
// across chunks, for the marker and the path after it.
function watch(from, to) {
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
watch(child.stdout, process.stdout);
watch(child.stderr, process.stderr);
// A reader of ours that goes away (a closed pipe) must not end us before wrangler.
process.stdout.on("error", () => {});
process.stderr.on("error", () => {});

const group = (signal) => {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone already
  }
};

let killer;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    // wrangler has no handler for SIGHUP, and dies of it without removing
    // its temporary folder; SIGTERM it shuts down cleanly on.
    group(signal === "SIGHUP" ? "SIGTERM" : signal);
    // wrangler shuts down in well under a second; if it hangs, end it.
    killer ??= setTimeout(() => group("SIGKILL"), 10_000).unref();
  });
}

child.on("error", (err) => {
  console.error(`serve: could not start wrangler: ${err.message}`);
  process.exit(1);
});

child.on("exit", (code, signal) => {
  // Anything wrangler left behind in its group (a workerd) goes with it.
  group("SIGTERM");
  const status = code ?? 128 + (constants.signals[signal] ?? 0);
  process.exitCode = status;
  // Let the last of its output (and any mail line in it) through, but do not
  // wait for pipes some straggler still holds open.
  let left = 2;
  const done = () => --left === 0 && process.exit(status);
  for (const s of [child.stdout, child.stderr]) s.closed ? done() : s.once("close", done);
  setTimeout(() => process.exit(status), 2_000).unref();
});
