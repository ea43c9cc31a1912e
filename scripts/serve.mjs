// `make serve`: runs `wrangler dev` on loopback as scripts/wrangler.mjs
// starts it everywhere (the browser tests and benchmarks too), and keeps
// every e-mail the Worker sends as an .eml file in the outbox folder:
// $OUTBOX, or .data/outbox of the checkout.
//
//   OUTBOX=/tmp/outbox node scripts/serve.mjs --port 8787 --persist-to .wrangler/state [wrangler dev flags]
//
// wrangler runs in its own process group. SIGINT and SIGTERM are passed on
// to that whole group (wrangler, its node child and workerd), SIGHUP as
// SIGTERM, and this script exits with wrangler's exit code once wrangler
// has exited (128 + the signal's number if a signal ended it).
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { dev, devArgs, exitStatus } from "./wrangler.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const outbox = resolve(process.env.OUTBOX || join(root, ".data/outbox"));

// --port and --persist-to are this script's; every other flag is wrangler
// dev's, passed on as given.
const options = { port: 8787, args: [] };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const [flag, inline] = argv[i].split(/=(.*)/s);
  const value = () => inline ?? argv[++i];
  if (flag === "--port") options.port = Number(value());
  else if (flag === "--persist-to") options.persist = value();
  else options.args.push(argv[i]);
}

// wrangler sees pipes, not a terminal; keep its colours for a person at one.
const env = {};
if (process.stdout.isTTY && process.env.FORCE_COLOR === undefined && process.env.NO_COLOR === undefined) env.FORCE_COLOR = "1";

let child;
try {
  child = dev(devArgs(options), { outbox, stdout: process.stdout, stderr: process.stderr, env });
} catch (err) {
  console.error(`serve: ${err.message}`);
  process.exit(1);
}
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
  const status = exitStatus(code, signal);
  process.exitCode = status;
  // Let the last of its output (and any mail line in it) through, but do not
  // wait for pipes some straggler still holds open.
  let left = 2;
  const done = () => --left === 0 && process.exit(status);
  for (const s of [child.stdout, child.stderr]) s.closed ? done() : s.once("close", done);
  setTimeout(() => process.exit(status), 2_000).unref();
});
