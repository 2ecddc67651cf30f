import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * A JSON key/value cache of scan results in one file. Entries are keyed by what makes them valid
 * (a manifest's path + mtime + size, or a git tree id), so a stale entry is never used. A corrupt or
 * missing file is an empty cache.
 */
const pendingWrites = new Map<string, Promise<void>>();

/** Waits for background writes of `file` started by this process (so a next run reads them). */
export function cacheWritten(file: string | undefined): Promise<void> {
  return (file && pendingWrites.get(file)) || Promise.resolve();
}

/** Waits for every background cache write of this process. */
export async function flushScanCaches(): Promise<void> {
  await Promise.all([...pendingWrites.values()]);
}

export class ScanCache<T> {
  private entries: Record<string, T>;
  private readonly used = new Set<string>();
  private dirty = false;

  constructor(
    private readonly file: string | undefined,
    private readonly version: string,
  ) {
    this.entries = {};
    if (!file) return;
    try {
      const raw = JSON.parse(readFileSync(file, "utf8")) as { version?: string; entries?: Record<string, T> };
      if (raw.version === version && raw.entries && typeof raw.entries === "object")
        this.entries = raw.entries;
    } catch {
      this.entries = {};
    }
  }

  get(key: string): T | undefined {
    const v = this.entries[key];
    if (v !== undefined) this.used.add(key);
    return v;
  }

  set(key: string, value: T): void {
    this.entries[key] = value;
    this.used.add(key);
    this.dirty = true;
  }

  /** Writes the cache atomically, keeping only entries used by this run (so it never grows without bound). */
  save(): void {
    const text = this.serialize();
    if (text === undefined || !this.file) return;
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, this.file);
  }

  /**
   * Like {@link save}, but the write happens in the background: the caller has its answer sooner and
   * the process still finishes the write before it exits. The rename keeps readers safe.
   */
  saveInBackground(): Promise<void> {
    if (!this.file) return Promise.resolve();
    const file = this.file;
    // Even the serialization waits for the next turn of the event loop: the caller answers first.
    const done: Promise<void> = new Promise<string | undefined>((resolve) =>
      setImmediate(() => resolve(this.serialize())),
    )
      .then(async (text) => {
        if (text === undefined) return;
        const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
        await writeFile(tmp, text);
        await rename(tmp, file);
      })
      .catch(() => undefined) // a cache that cannot be written is only a slower next run
      .finally(() => {
        if (pendingWrites.get(file) === done) pendingWrites.delete(file);
      });
    pendingWrites.set(file, done);
    return done;
  }

  private serialize(): string | undefined {
    if (!this.file) return undefined;
    const unused = Object.keys(this.entries).some((k) => !this.used.has(k));
    if (!this.dirty && !unused) return undefined;
    const kept: Record<string, T> = {};
    for (const k of this.used) if (this.entries[k] !== undefined) kept[k] = this.entries[k] as T;
    mkdirSync(dirname(this.file), { recursive: true });
    this.dirty = false;
    return JSON.stringify({ version: this.version, entries: kept });
  }
}
