/**
 * Cold start benchmark (`npm run bench:start`): time from launching `npm start` (and `node bin/orc.js
 * serve`) to the first 200 from /readyz, on an existing data directory, over several runs. The first
 * start (which initializes the embedded database) is reported separately. Prints figures; never fails.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PORT = 18400 + Math.floor(Math.random() * 500);

async function startAndTime(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const t0 = performance.now();
  const child = spawn(cmd, args, { env, stdio: "ignore", detached: true });
  try {
    for (;;) {
      try {
        const r = await fetch(`http://127.0.0.1:${PORT}/readyz`);
        if (r.status === 200) return performance.now() - t0;
      } catch {
        // not listening yet
      }
      if (child.exitCode !== null) throw new Error(`${cmd} exited with ${child.exitCode}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    process.kill(-(child.pid as number), "SIGTERM");
    await new Promise((r) => child.once("exit", r));
    // npm's child (the server) may still be closing the database: wait until it releases the data directory.
    while (existsSync(join(dataDir, "orc.lock"))) await new Promise((r) => setTimeout(r, 20));
  }
}

const dataDir = mkdtempSync(join(tmpdir(), "orc-bench-start-"));
const env = { ...process.env, ORC_DATA_DIR: dataDir, ORC_PORT: String(PORT), ORC_LOG_LEVEL: "warn" };
const first = await startAndTime("node", ["bin/orc.js", "serve"], env);
console.log(`first start (initializes the embedded database): ${(first / 1000).toFixed(2)} s`);
for (const [label, cmd, args] of [
  ["npm start", "npm", ["start", "--silent"]],
  ["node bin/orc.js serve", "node", ["bin/orc.js", "serve"]],
] as const) {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await startAndTime(cmd, [...args], env));
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  console.log(
    `${label} on an existing data directory to a ready /readyz: median ${(median / 1000).toFixed(2)} s, ` +
      `min ${((times[0] ?? 0) / 1000).toFixed(2)} s, max ${((times[times.length - 1] ?? 0) / 1000).toFixed(2)} s over ${RUNS} runs`,
  );
}
rmSync(dataDir, { recursive: true, force: true });
