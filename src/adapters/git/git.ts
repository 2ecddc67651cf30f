import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve as resolvePath } from "node:path";
import { OrcError } from "../../domain/errors.js";

/**
 * The real `git` binary, always through `execFile`/`spawn` with an argument vector (never a shell
 * string). Failures are wrapped once, here, into `OrcError("git-error")` with a human sentence.
 */

const MAX_BUFFER = 1024 * 1024 * 1024;

function firstLine(text: string): string {
  return text.trim().split("\n")[0] ?? "";
}

/** Runs git in `cwd` and returns stdout as a Buffer. */
export function runGit(cwd: string, args: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      [...args],
      {
        cwd,
        encoding: "buffer",
        maxBuffer: MAX_BUFFER,
        env: { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" },
      },
      (err, stdout, stderr) => {
        if (err) {
          const reason = firstLine(stderr.toString("utf8")) || err.message;
          if ((err as NodeJS.ErrnoException).code === "ENOENT" && !reason.includes("fatal")) {
            reject(
              new OrcError("git-error", `git is not available or ${cwd} does not exist: ${reason}`, { cwd }),
            );
            return;
          }
          reject(
            new OrcError("git-error", `git ${args[0] ?? ""} failed in ${cwd}: ${reason}`, {
              cwd,
              args: [...args],
            }),
          );
          return;
        }
        resolve(stdout);
      },
    );
  });
}

/** Runs git with `input` on stdin (for `cat-file --batch`) and returns stdout. */
export function runGitWithInput(cwd: string, args: readonly string[], input: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", [...args], {
      cwd,
      env: { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) =>
      reject(new OrcError("git-error", `git is not available: ${e.message}`, { cwd })),
    );
    child.on("close", (code) => {
      if (code !== 0) {
        reject(
          new OrcError(
            "git-error",
            `git ${args[0] ?? ""} failed in ${cwd}: ${firstLine(Buffer.concat(err).toString("utf8"))}`,
            { cwd },
          ),
        );
        return;
      }
      resolve(Buffer.concat(out));
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(input);
  });
}

export interface RepositoryLocation {
  /** Absolute path of the repository's work tree. */
  readonly root: string;
  /** Path of the directory inside the repository, `""` or ending with `/`. */
  readonly prefix: string;
}

/** The repository containing `dir`, or undefined when `dir` is not inside a git work tree. */
export async function locateRepository(dir: string): Promise<RepositoryLocation | undefined> {
  try {
    const out = (await runGit(dir, ["rev-parse", "--show-toplevel", "--show-prefix"]))
      .toString("utf8")
      .split("\n");
    return { root: out[0] ?? dir, prefix: out[1] ?? "" };
  } catch (e) {
    if (e instanceof OrcError && /not a git repository/i.test(e.message)) return undefined;
    throw e;
  }
}

/** The commit a revision names; a clear `git-error` when it does not exist. */
export async function resolveCommit(root: string, rev: string): Promise<string> {
  if (rev.startsWith("-")) throw new OrcError("git-error", `'${rev}' is not a revision`, { rev });
  try {
    return (await runGit(root, ["rev-parse", "--verify", "--end-of-options", `${rev}^{commit}`]))
      .toString("utf8")
      .trim();
  } catch {
    throw new OrcError("git-error", `revision '${rev}' does not exist in repository ${root}`, {
      rev,
      repository: root,
    });
  }
}

export interface GitObject {
  readonly oid: string;
  readonly type: "blob" | "tree" | "commit" | "tag";
  readonly content: Buffer;
}

/**
 * Reads many objects in one `git cat-file --batch` call. Each request is an object name such as a
 * sha or `commit:path`; missing objects come back as undefined.
 */
export async function catFileBatch(
  root: string,
  requests: readonly string[],
): Promise<(GitObject | undefined)[]> {
  if (requests.length === 0) return [];
  const buf = await runGitWithInput(root, ["cat-file", "--batch"], `${requests.join("\n")}\n`);
  const out: (GitObject | undefined)[] = [];
  let pos = 0;
  for (let i = 0; i < requests.length; i++) {
    const nl = buf.indexOf(10, pos);
    if (nl < 0)
      throw new OrcError("git-error", "git cat-file returned a truncated answer", { repository: root });
    const header = buf.toString("utf8", pos, nl);
    pos = nl + 1;
    if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
      out.push(undefined);
      continue;
    }
    const [oid, type, size] = header.split(" ");
    const n = Number(size);
    out.push({ oid: oid as string, type: type as GitObject["type"], content: buf.subarray(pos, pos + n) });
    pos += n + 1;
  }
  return out;
}

export interface TreeEntry {
  readonly mode: string;
  readonly name: string;
  readonly oid: string;
  readonly isTree: boolean;
}

/** Parses git's binary tree format (`<mode> <name>\0<20-byte id>`). */
export function parseTree(content: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let pos = 0;
  while (pos < content.length) {
    const sp = content.indexOf(32, pos);
    const nul = content.indexOf(0, sp);
    const mode = content.toString("latin1", pos, sp);
    const name = content.toString("utf8", sp + 1, nul);
    const oid = content.toString("hex", nul + 1, nul + 21);
    entries.push({ mode, name, oid, isTree: mode === "40000" });
    pos = nul + 21;
  }
  return entries;
}

export type DiffStatus = "added" | "modified" | "deleted";

/** Files that differ between two revisions under `dir` (paths relative to `dir`). */
export async function diffNames(
  dir: string,
  from: string,
  to: string,
): Promise<{ path: string; status: DiffStatus }[]> {
  const args = [
    "diff",
    "--name-status",
    "-z",
    "--no-renames",
    "--no-ext-diff",
    "--relative",
    "--end-of-options",
    from,
    to,
    "--",
    ".",
  ];
  const parts = (await runGit(dir, args)).toString("utf8").split("\0");
  const out: { path: string; status: DiffStatus }[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const code = (parts[i] as string)[0];
    const path = parts[i + 1] as string;
    out.push({ path, status: code === "A" ? "added" : code === "D" ? "deleted" : "modified" });
  }
  return out;
}

/**
 * One long-lived `git cat-file --batch` process: requests are written to its stdin and answers
 * parsed from its stdout as they come, so any number of rounds costs a single process.
 */
export class CatFileSession {
  private readonly child;
  /** Unparsed output, as received; merged only once an object is complete (no quadratic copying). */
  private chunks: Buffer[] = [];
  private chunksLength = 0;
  private readonly queue: {
    names: readonly string[];
    got: (GitObject | undefined)[];
    resolve: (v: (GitObject | undefined)[]) => void;
    reject: (e: Error) => void;
  }[] = [];
  private failure: Error | undefined;

  constructor(private readonly root: string) {
    this.child = spawn("git", ["cat-file", "--batch"], {
      cwd: root,
      env: { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" },
    });
    this.child.stdout.on("data", (b: Buffer) => {
      this.chunks.push(b);
      this.chunksLength += b.length;
      this.drain();
    });
    const stderr: Buffer[] = [];
    this.child.stderr.on("data", (b: Buffer) => stderr.push(b));
    const fail = (reason: string) => {
      this.failure ??= new OrcError("git-error", `git cat-file failed in ${root}: ${reason}`, {
        repository: root,
      });
      for (const q of this.queue.splice(0)) q.reject(this.failure);
    };
    this.child.on("error", (e) => fail(e.message));
    this.child.on("close", (code) => {
      if (this.queue.length > 0) fail(firstLine(Buffer.concat(stderr).toString("utf8")) || `exit ${code}`);
    });
    this.child.stdin.on("error", () => undefined);
  }

  /** Reads objects by name (`<sha>`, `<commit>:<path>`); missing ones come back undefined. */
  read(names: readonly string[]): Promise<(GitObject | undefined)[]> {
    if (names.length === 0) return Promise.resolve([]);
    if (this.failure) return Promise.reject(this.failure);
    for (const n of names) {
      if (n.includes("\n"))
        return Promise.reject(
          new OrcError("git-error", "object names cannot contain newlines", { repository: this.root }),
        );
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ names, got: [], resolve, reject });
      this.child.stdin.write(`${names.join("\n")}\n`);
    });
  }

  close(): void {
    this.child.stdin.end();
  }

  private merged(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.chunksLength)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private consume(n: number): void {
    const head = this.merged().subarray(n);
    this.chunks = head.length > 0 ? [head] : [];
    this.chunksLength = head.length;
  }

  private drain(): void {
    for (;;) {
      const q = this.queue[0];
      if (!q || this.chunksLength === 0) return;
      let head = this.chunks[0] as Buffer;
      let nl = head.indexOf(10);
      if (nl < 0) {
        head = this.merged();
        nl = head.indexOf(10);
        if (nl < 0) return;
      }
      const header = head.toString("utf8", 0, nl);
      if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
        q.got.push(undefined);
        this.consume(nl + 1);
      } else {
        const [oid, type, size] = header.split(" ");
        const n = Number(size);
        if (this.chunksLength < nl + 1 + n + 1) return;
        const buf = this.merged();
        q.got.push({
          oid: oid as string,
          type: type as GitObject["type"],
          content: buf.subarray(nl + 1, nl + 1 + n),
        });
        this.consume(nl + 1 + n + 1);
      }
      if (q.got.length === q.names.length) {
        this.queue.shift();
        q.resolve(q.got);
      }
    }
  }
}

/**
 * Locates the repository of `dir` and resolves revisions, in one `git rev-parse` call when all
 * exist; a revision that does not exist is a clear `git-error`. Undefined when `dir` is not in a
 * git work tree.
 */
export async function locateAndResolve(
  dir: string,
  revs: readonly string[],
): Promise<{ location: RepositoryLocation; commits: string[] } | undefined> {
  for (const rev of revs)
    if (rev.startsWith("-")) throw new OrcError("git-error", `'${rev}' is not a revision`, { rev });
  try {
    const out = (
      await runGit(dir, [
        "rev-parse",
        "--show-toplevel",
        "--show-prefix",
        "--end-of-options",
        ...revs.map((r) => `${r}^{commit}`),
      ])
    )
      .toString("utf8")
      .split("\n");
    const commits = out.slice(2, 2 + revs.length);
    if (commits.length === revs.length && commits.every((c) => /^[0-9a-f]{40,64}$/.test(c))) {
      return { location: { root: out[0] as string, prefix: out[1] ?? "" }, commits };
    }
  } catch (e) {
    if (e instanceof OrcError && /not a git repository/i.test(e.message)) return undefined;
    // otherwise fall through to name the missing revision
  }
  const location = await locateRepository(dir);
  if (!location) return undefined;
  const commits: string[] = [];
  for (const rev of revs) commits.push(await resolveCommit(location.root, rev));
  return { location, commits };
}

/**
 * The work tree containing `dir`, found by walking up to a `.git` entry (a folder, or a file for
 * worktrees and submodules) without starting git; undefined outside any work tree.
 */
export function findWorkTree(dir: string): string | undefined {
  let cur = resolvePath(dir);
  for (;;) {
    if (existsSync(join(cur, ".git"))) return cur;
    const parent = dirname(cur);
    if (parent === cur) return undefined;
    cur = parent;
  }
}

/** Resolves revisions to commit ids through a cat-file session; a missing one is a clear `git-error`. */
export async function resolveCommits(
  session: CatFileSession,
  root: string,
  revs: readonly string[],
): Promise<string[]> {
  for (const rev of revs) {
    if (rev.startsWith("-") || /[\n\r]/.test(rev))
      throw new OrcError("git-error", `'${rev}' is not a revision`, { rev });
  }
  const objects = await session.read(revs.map((r) => `${r}^{commit}`));
  return revs.map((rev, i) => {
    const o = objects[i];
    if (!o || o.type !== "commit") {
      throw new OrcError("git-error", `revision '${rev}' does not exist in repository ${root}`, {
        rev,
        repository: root,
      });
    }
    return o.oid;
  });
}
