import { OrcError } from "../domain/errors.js";
import { approximateSeconds, parseIsoDuration } from "../domain/estate/duration.js";

/**
 * One configuration option, declared once: the CLI flag, the environment variable, the default and the
 * help text all derive from this declaration (and the README's configuration table is checked against it).
 */
export interface OptionSpec<T> {
  /** Commander flag, e.g. `--port <port>`. */
  readonly flag: string;
  readonly env: string;
  readonly description: string;
  /** Applied when neither the flag nor the environment variable is set. */
  readonly default?: T;
  /** Parses and validates a raw value; throws `OrcError("config-invalid")` with a sentence on bad input. */
  readonly parse: (raw: string) => T;
  /** Never echoed in logs or errors (database URLs carry passwords). */
  readonly secret?: boolean;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec<unknown>>>;

export type ResolvedOptions<S extends OptionSpecs> = {
  -readonly [K in keyof S]: S[K] extends OptionSpec<infer T>
    ? S[K]["default"] extends T
      ? T
      : T | undefined
    : never;
};

/** Flag wins over environment variable, which wins over the default. */
export function resolveOptions<S extends OptionSpecs>(
  specs: S,
  flags: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
): ResolvedOptions<S> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const fromFlag = flags[key];
    const raw = typeof fromFlag === "string" ? fromFlag : env[spec.env];
    if (raw === undefined || raw === "") {
      out[key] = spec.default;
      continue;
    }
    try {
      out[key] = spec.parse(raw);
    } catch (e) {
      const source = typeof fromFlag === "string" ? spec.flag.split(" ")[0] : spec.env;
      const why = e instanceof Error ? e.message : String(e);
      throw new OrcError("config-invalid", `${source}: ${why}`, { option: key });
    }
  }
  return out as ResolvedOptions<S>;
}

/** Parsers shared by option declarations. */
export const parse = {
  string: (raw: string) => raw,
  port(raw: string): number {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`"${raw}" is not a TCP port (0-65535)`);
    return n;
  },
  positiveInt(raw: string): number {
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`"${raw}" is not a positive integer`);
    return n;
  },
  databaseUrl(raw: string): string {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new Error("is not a URL (expected postgres://user@host:5432/database)");
    }
    if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
      throw new Error(`scheme ${url.protocol} is not supported (expected postgres://)`);
    }
    return raw;
  },
  /** An absolute http(s) URL without query, fragment or credentials, returned exactly as written. */
  httpUrl(raw: string): string {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new Error(`"${raw}" is not a URL (expected https://host/…)`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      throw new Error(`scheme ${url.protocol} is not supported (expected https://)`);
    }
    if (url.search || url.hash) throw new Error(`"${raw}" must not have a query or a fragment`);
    if (url.username || url.password) throw new Error("must not carry a user name or password");
    return raw;
  },
  /** A comma- or space-separated list of non-empty words, in order, without duplicates. */
  list(raw: string): readonly string[] {
    const items = [...new Set(raw.split(/[\s,]+/).filter((s) => s !== ""))];
    if (items.length === 0) throw new Error("is an empty list");
    return items;
  },
  boolean(raw: string): boolean {
    const v = raw.trim().toLowerCase();
    if (["true", "yes", "on", "1"].includes(v)) return true;
    if (["false", "no", "off", "0"].includes(v)) return false;
    throw new Error(`"${raw}" is not a yes/no value (true, false, yes, no, on, off, 1, 0)`);
  },
  /** A positive ISO 8601 duration such as `PT8H`, returned as written. */
  isoDuration(raw: string): string {
    const d = parseIsoDuration(raw);
    if (!d) throw new Error(`"${raw}" is not an ISO 8601 duration (e.g. PT8H, PT30M, P1D)`);
    if (approximateSeconds(d) <= 0) throw new Error(`"${raw}" is not longer than zero`);
    return raw;
  },
  logLevel(raw: string): "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent" {
    const levels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
    const found = levels.find((l) => l === raw);
    if (!found) throw new Error(`"${raw}" is not one of ${levels.join(", ")}`);
    return found;
  },
  demoData(raw: string): "auto" | "off" {
    const modes = ["auto", "off"] as const;
    const found = modes.find((m) => m === raw);
    if (!found) throw new Error(`"${raw}" is not one of ${modes.join(", ")}`);
    return found;
  },
};

/** `--flag (env VAR, default x)` help text. */
export function optionHelp(spec: OptionSpec<unknown>): string {
  const shown = Array.isArray(spec.default) ? spec.default.join(",") : JSON.stringify(spec.default);
  const def = spec.default === undefined ? "" : `, default ${shown}`;
  return `${spec.description} (env ${spec.env}${def})`;
}

/** The option's key in commander's parsed options: `--data-dir <dir>` → `dataDir`. */
export function flagKey(spec: OptionSpec<unknown>): string {
  const long = spec.flag.split(" ")[0]?.replace(/^--/, "") ?? "";
  return long.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
