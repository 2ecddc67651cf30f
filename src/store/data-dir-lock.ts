import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { OrcError } from "../domain/errors.js";

/** An exclusive hold on a data directory, released by `release()`. */
export interface DataDirLock {
  readonly path: string;
  release(): void;
}

interface LockOwner {
  readonly pid: number;
  readonly hostname: string;
  readonly startedAt: string;
}

/**
 * Takes the data directory's lock file, created atomically (`O_EXCL`). Two processes opening the same
 * embedded database corrupt it silently, so a second `orc` must fail here with a clear message. A lock
 * left by a crashed process on this host (its pid is gone) is taken over.
 */
export function lockDataDir(dataDir: string, now: () => Date = () => new Date()): DataDirLock {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, "orc.lock");
  const me: LockOwner = { pid: process.pid, hostname: hostname(), startedAt: now().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(me), { flag: "wx", mode: 0o600 });
      let released = false;
      return {
        path,
        release() {
          if (released) return;
          released = true;
          rmSync(path, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const owner = readOwner(path);
      if (owner && owner.hostname === me.hostname && !isAlive(owner.pid)) {
        rmSync(path, { force: true });
        continue;
      }
      const who = owner
        ? `pid ${owner.pid} on ${owner.hostname}, since ${owner.startedAt}`
        : "an unknown process";
      throw new OrcError(
        "data-dir-locked",
        `the data directory ${dataDir} is in use by another orc (${who}); stop it, or talk to it through its API ` +
          `(two processes on one embedded database would corrupt it)`,
        { dataDir, lockFile: path },
      );
    }
  }
  throw new OrcError("data-dir-locked", `could not lock the data directory ${dataDir}`, { dataDir });
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<LockOwner>;
    if (typeof parsed.pid === "number" && typeof parsed.hostname === "string") {
      return { pid: parsed.pid, hostname: parsed.hostname, startedAt: String(parsed.startedAt ?? "?") };
    }
  } catch {
    // unreadable or half-written lock file: treat as held by an unknown process
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
