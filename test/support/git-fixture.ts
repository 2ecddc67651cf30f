import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "orc test",
  GIT_AUTHOR_EMAIL: "orc@example.test",
  GIT_COMMITTER_NAME: "orc test",
  GIT_COMMITTER_EMAIL: "orc@example.test",
  GIT_AUTHOR_DATE: "2026-01-01T00:00:00Z",
  GIT_COMMITTER_DATE: "2026-01-01T00:00:00Z",
};

/** Runs real git in `cwd` (argument vector, no shell) and returns trimmed stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, env: ENV }).toString().trim();
}

export function initRepo(dir: string): void {
  mkdirSync(dir, { recursive: true });
  git(dir, "init", "-q", "-b", "main");
  git(dir, "config", "commit.gpgsign", "false");
}

/** Writes files (path → content; `null` deletes) under `root`. */
export function writeFiles(root: string, files: Record<string, string | null>): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    if (content === null) rmSync(full, { force: true });
    else {
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
  }
}

export function commitAll(dir: string, message: string): string {
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", message);
  return git(dir, "rev-parse", "HEAD");
}

/** A manifest text as a team would write it. */
export function manifest(fields: Record<string, unknown>): string {
  const py = (v: unknown): string =>
    typeof v === "string"
      ? `'${v}'`
      : typeof v === "boolean"
        ? v
          ? "True"
          : "False"
        : Array.isArray(v)
          ? `[${v.map(py).join(", ")}]`
          : String(v);
  return `# -*- coding: utf-8 -*-\n{\n${Object.entries(fields)
    .map(([k, v]) => `    '${k}': ${py(v)},`)
    .join("\n")}\n}\n`;
}
