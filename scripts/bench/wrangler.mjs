// startWrangler runs `wrangler dev` for the benchmarks' own Workers (the
// JavaScript baseline, gopath's): on loopback, in a process group of its
// own so that stop ends workerd too, with its local state in a temporary
// folder apart from the Worker's (wrangler reloads a Worker when a file
// beside it changes).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitUntilServing } from "../../e2e/harness.mjs";

const root = new URL("../..", import.meta.url).pathname;

// The environment every benchmark gives wrangler: no metrics, no banner,
// no request for Cloudflare's cf object (there is no network).
export const wranglerEnv = { ...process.env, WRANGLER_SEND_METRICS: "false", WRANGLER_HIDE_BANNER: "true", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

// startWrangler resolves once ready (a path) answers; args are more
// wrangler dev flags.
export function startWrangler({ config, port, cwd = root, ready = "/", args = [] }) {
  const persist = mkdtempSync(join(tmpdir(), "portal-bench-state-"));
  return startServing({
    command: process.execPath,
    args: [join(root, "node_modules/wrangler/bin/wrangler.js"), "dev", "-c", config, "--ip", "127.0.0.1", "--port", String(port),
      "--persist-to", persist, "--show-interactive-dev-session=false", ...args],
    cwd, port, ready, persist,
  });
}

// startServing runs command, which serves on port, in a process group of
// its own, and resolves once ready answers; stop ends the group and
// removes persist, the command's state folder.
export async function startServing({ command, args, cwd = root, port, ready = "/", persist }) {
  const child = spawn(command, args, { cwd, env: wranglerEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  await waitUntilServing(child, base + ready, () => log);
  return {
    base,
    pgid: child.pid,
    log: () => log,
    async stop() {
      await stopGroup(child);
      rmSync(persist, { recursive: true, force: true });
    },
  };
}

// stopGroup ends a process started detached (a group of its own) and
// everything it started: SIGTERM, then, once it has exited, SIGKILL to
// whatever of the group outlived it (workerd may, by a moment; the port
// must be free for the next start).
export async function stopGroup(child) {
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // gone
  }
  await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once("exit", r)));
  await new Promise((r) => setTimeout(r, 300));
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // gone
  }
}
