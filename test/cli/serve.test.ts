import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;

/** Starts `orc serve` as a user would, collects its stdout until `until` appears, then stops it. */
async function serveOutput(args: string[], until: string): Promise<string> {
  const child = spawn(
    process.execPath,
    ["bin/orc.js", "serve", "--port", "0", "--demo-data", "off", ...args],
    {
      cwd: root,
      env: { ...process.env, ORC_LOG_LEVEL: "silent" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`orc serve did not print "${until}": ${out}`)), 60_000);
      child.stdout.on("data", (b: Buffer) => {
        out += b.toString();
        if (out.includes(until)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`orc serve exited with ${code}: ${out}`));
      });
    });
  } finally {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
  return out;
}

describe("orc serve, as a user starts it", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "orc-serve-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("names the admin token file by an absolute path when the data directory is outside the working directory (regression: ../../tmp/…)", async () => {
    const out = await serveOutput(["--data-dir", dataDir], "export ORC_TOKEN");
    expect(out).toContain(`an admin token was written to ${join(dataDir, "admin.token")}`);
    expect(out).toContain(`export ORC_TOKEN=$(cat ${join(dataDir, "admin.token")})`);
    expect(out).not.toContain("../");
  });
});
