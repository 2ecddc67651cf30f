import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * A JSON key/value cache of scan results in one file. Entries are keyed by what makes them valid
 * (a manifest's path + mtime + size, or a git tree id), so a stale entry is never used. A corrupt or
 * missing file is an empty cache.
 */
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
    if (!this.file) return;
    const unused = Object.keys(this.entries).some((k) => !this.used.has(k));
    if (!this.dirty && !unused) return;
    const kept: Record<string, T> = {};
    for (const k of this.used) if (this.entries[k] !== undefined) kept[k] = this.entries[k] as T;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: this.version, entries: kept }));
    renameSync(tmp, this.file);
  }
}
