import { OrcError } from "../domain/errors.js";

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
  logLevel(raw: string): "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent" {
    const levels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
    const found = levels.find((l) => l === raw);
    if (!found) throw new Error(`"${raw}" is not one of ${levels.join(", ")}`);
    return found;
  },
};

/** `--flag (env VAR, default x)` help text. */
export function optionHelp(spec: OptionSpec<unknown>): string {
  const def = spec.default === undefined ? "" : `, default ${JSON.stringify(spec.default)}`;
  return `${spec.description} (env ${spec.env}${def})`;
}

/** The option's key in commander's parsed options: `--data-dir <dir>` → `dataDir`. */
export function flagKey(spec: OptionSpec<unknown>): string {
  const long = spec.flag.split(" ")[0]?.replace(/^--/, "") ?? "";
  return long.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
