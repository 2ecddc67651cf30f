import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isOrcError } from "../../src/domain/errors.js";
import { lockDataDir } from "../../src/store/index.js";

const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), "orc-lock-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("data directory lock", () => {
  it("refuses a second holder with a clear message naming the first", () => {
    const dir = fresh();
    const first = lockDataDir(dir);
    const err = (() => {
      try {
        lockDataDir(dir);
      } catch (e) {
        return e;
      }
    })();
    expect(isOrcError(err, "data-dir-locked")).toBe(true);
    expect((err as Error).message).toContain(`pid ${process.pid}`);
    first.release();
    lockDataDir(dir).release();
  });

  it("takes over a lock left by a process that no longer exists", () => {
    const dir = fresh();
    const dead = spawnSync(process.execPath, [
      "-e",
      "process.stdout.write(String(process.pid))",
    ]).stdout.toString();
    writeFileSync(
      join(dir, "orc.lock"),
      JSON.stringify({ pid: Number(dead), hostname: hostname(), startedAt: "x" }),
    );
    const lock = lockDataDir(dir);
    expect(JSON.parse(readFileSync(lock.path, "utf8")).pid).toBe(process.pid);
    lock.release();
  });
});
