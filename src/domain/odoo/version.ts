import type { OdooSeries } from "./series.js";
import { seriesMajor } from "./series.js";

/**
 * `odoo.tools.parse_version`: the setuptools-0.6c8 legacy algorithm. Numbers are zero-padded to 8
 * digits, words get a `*` prefix, trailing zero groups are dropped (`16.0.1.0.0 == 16.0.1`),
 * `pre`/`preview`/`rc` sort as `c`, and an empty string parses as `0.1`.
 */
export type ParsedVersion = readonly string[];

const COMPONENT_RE = /(\d+|[a-z]+|\.|-)/;
const REPLACE: Record<string, string> = {
  pre: "c",
  preview: "c",
  "-": "final-",
  _: "final-",
  rc: "c",
  dev: "@",
};

function* versionParts(s: string): Generator<string> {
  for (const raw of s.split(COMPONENT_RE)) {
    const part = REPLACE[raw] ?? raw;
    if (!part || part === ".") continue;
    if (/^[0-9]/.test(part)) yield part.padStart(8, "0");
    else yield `*${part}`;
  }
  yield "*final";
}

const parsedCache = new Map<string, ParsedVersion>();

export function parseVersion(s: string | null | undefined): ParsedVersion {
  const key = s ?? "";
  const known = parsedCache.get(key);
  if (known) return known;
  const parsed = parseVersionUncached(key);
  // A bounded memo: versions repeat a lot across thousands of modules.
  if (parsedCache.size > 50_000) parsedCache.clear();
  parsedCache.set(key, parsed);
  return parsed;
}

function parseVersionUncached(s: string): ParsedVersion {
  const parts: string[] = [];
  for (const part of versionParts((s || "0.1").toLowerCase())) {
    if (part.startsWith("*")) {
      if (part < "*final") {
        while (parts.length > 0 && parts[parts.length - 1] === "*final-") parts.pop();
      }
      while (parts.length > 0 && parts[parts.length - 1] === "00000000") parts.pop();
    }
    parts.push(part);
  }
  return Object.freeze(parts);
}

/** Python tuple comparison of two parsed versions: negative, zero or positive. */
export function compareParsed(a: ParsedVersion, b: ParsedVersion): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** Compares two version strings the way Odoo does (`parse_version`). */
export function compareVersions(a: string | null | undefined, b: string | null | undefined): number {
  return compareParsed(parseVersion(a), parseVersion(b));
}

/** Why a manifest version does not suit the series, and what Odoo does about it. */
export type VersionProblem =
  /** 16: a version of another series is silently prefixed (`15.0.1.0.0` → `16.0.15.0.1.0.0`). */
  | { readonly kind: "foreign-series-prefixed"; readonly message: string }
  /** 17, 18: `ValueError: invalid manifest` when the module is installable. */
  | { readonly kind: "invalid"; readonly message: string }
  /** 19: the module is made `installable: False` ("incompatible version"). */
  | { readonly kind: "incompatible-uninstallable"; readonly message: string };

export interface AdaptedVersion {
  /** The full version Odoo stores, e.g. `17.0.1.2.0`. */
  readonly version: string;
  readonly problem?: VersionProblem;
}

const OTHER_SERIES_RE = /^(?:[1-9]\d\.0|saas~\d+\.\d+|\d+\.saas~\d+)\.\d/;

/** `adapt_version` per series (`odoo/modules/module.py`). `raw` is the manifest's `version` (default `1.0`). */
export function adaptVersion(raw: string, series: OdooSeries): AdaptedVersion {
  const major = seriesMajor(series);
  if (major >= 19) {
    // 19: 2–5 integer parts; prefixed only when ≤3 parts and not already starting with the series.
    const parts = raw.split(".");
    if (parts.length < 2 || parts.length > 5 || !parts.every((p) => /^\d+$/.test(p))) {
      return {
        version: raw,
        problem: {
          kind: "incompatible-uninstallable",
          message: `version '${raw}' must have 2 to 5 integer parts`,
        },
      };
    }
    const v = parts.length <= 3 && !raw.startsWith(`${series}.`) ? `${series}.${raw}` : raw;
    if (!v.startsWith(`${series}.`)) {
      return {
        version: v,
        problem: {
          kind: "incompatible-uninstallable",
          message: `version '${raw}' does not belong to series ${series}: Odoo ${series} marks the module not installable`,
        },
      };
    }
    return { version: v };
  }
  const v = raw === series || !raw.startsWith(`${series}.`) ? `${series}.${raw}` : raw;
  if (major === 16) {
    if (raw !== series && OTHER_SERIES_RE.test(raw) && !raw.startsWith(`${series}.`)) {
      return {
        version: v,
        problem: {
          kind: "foreign-series-prefixed",
          message: `version '${raw}' names another series; Odoo 16 silently reads it as '${v}'`,
        },
      };
    }
    return { version: v };
  }
  const rest = v.slice(series.length + 1);
  if (!/^[0-9]+\.[0-9]+(?:\.[0-9]+)?$/.test(rest)) {
    return {
      version: v,
      problem: {
        kind: "invalid",
        message: `version '${raw}' is invalid for ${series}: after the series it must be x.y or x.y.z (Odoo raises "invalid manifest")`,
      },
    };
  }
  return { version: v };
}
