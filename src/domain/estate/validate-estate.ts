import { sortDiagnostics, type Diagnostic } from "../diagnostic.js";
import { checkEstateReferences } from "./cross-references.js";
import { Estate } from "./estate.js";
import { checkCalendarReferences } from "../calendar/index.js";
import { checkPolicySection } from "../policy/check-policy-section.js";
import type { EstateDiagnosticCode, EstateProblem } from "./estate-problem.js";
import { formatFieldPath, type FieldPath } from "./field-path.js";
import { checkNotificationReferences } from "./notifications.js";
import { calendarContext, listEnvironments } from "./queries.js";
import type { SourceMap } from "./source-map.js";
import { parseYaml } from "./yaml-document.js";
import { problemsFromZodIssue } from "./zod-issues.js";

/** Limits applied while validating an estate; all have safe defaults. */
export interface EstateValidationOptions {
  /** Largest estate accepted, in bytes of UTF-8. @default 10 MiB ({@link DEFAULT_MAX_ESTATE_BYTES}) */
  readonly maxBytes?: number;
  /** How often one YAML anchor may be expanded (yaml's `maxAliasCount`). @default 100 */
  readonly maxAliasCount?: number;
  /** Values in the document once all aliases are expanded. @default 2,000,000 */
  readonly maxExpandedNodes?: number;
  /** Diagnostics reported at most; the rest are counted in a last one. @default 1000 */
  readonly maxDiagnostics?: number;
}

/** 10 MiB: a large estate (10,000 environments) is about 4 MiB. */
export const DEFAULT_MAX_ESTATE_BYTES = 10 * 1024 * 1024;

/**
 * The outcome of validating an estate: the typed estate (and warnings), or every problem found, in
 * file order. Invalid input is a value, never an exception.
 */
export type EstateValidationResult =
  | { readonly ok: true; readonly estate: Estate; readonly warnings: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** UTF-8 length of `text`, stopping early once above `limit`. */
export function utf8ByteLength(text: string, limit = Number.POSITIVE_INFINITY): number {
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= limit; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** A diagnostic for the whole file: `file-too-large` and friends. */
export function fileDiagnostic(file: string, code: string, message: string, hint?: string): Diagnostic {
  return { file, line: 1, column: 1, code, severity: "error", message, ...(hint ? { hint } : {}) };
}

/** The diagnostic for an estate above the size limit (also used by readers that check before reading). */
export function fileTooLargeDiagnostic(file: string, maxBytes: number): Diagnostic {
  return fileDiagnostic(
    file,
    "file-too-large",
    `the estate is larger than the limit of ${formatBytes(maxBytes)}`,
    "split generated data out of the estate, or raise the limit",
  );
}

function toDiagnostic(problem: EstateProblem, file: string, sourceMap: SourceMap): Diagnostic {
  const { line, column } = problem.position ?? sourceMap.locate(problem.path, problem.at);
  const path = formatFieldPath(problem.path);
  return {
    file,
    line,
    column,
    ...(path ? { path } : {}),
    code: problem.code,
    severity: problem.severity,
    message: problem.message,
    ...(problem.hint ? { hint: problem.hint } : {}),
  };
}

function limitDiagnostics(list: Diagnostic[], max: number, file: string, omitted = 0): Diagnostic[] {
  const sorted = sortDiagnostics(list);
  if (sorted.length <= max && omitted === 0) return sorted;
  const shown = sorted.slice(0, max);
  const rest = sorted.length - shown.length + omitted;
  shown.push({
    file,
    code: "too-many-problems",
    severity: "error",
    message: `${rest} more ${rest === 1 ? "problem" : "problems"} not shown`,
    hint: "fix the ones above and validate again",
  });
  return shown;
}

/**
 * Validates the text of an estate file and reports every problem at once: YAML syntax, unknown keys
 * (with "did you mean"), wrong types, malformed values, duplicate names, dangling references,
 * promotion cycles and conflicts, each with its file, line, column and field path.
 *
 * `file` is only used to label diagnostics. Never throws for bad input.
 */
export function validateEstateText(
  text: string,
  file: string,
  options: EstateValidationOptions = {},
): EstateValidationResult {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_ESTATE_BYTES;
  const maxDiagnostics = options.maxDiagnostics ?? 1000;
  if (text.length > maxBytes || utf8ByteLength(text, maxBytes) > maxBytes) {
    return { ok: false, diagnostics: [fileTooLargeDiagnostic(file, maxBytes)] };
  }
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const parsed = parseYaml(source, {
    maxAliasCount: options.maxAliasCount ?? 100,
    maxExpandedNodes: options.maxExpandedNodes ?? 2_000_000,
    maxProblems: maxDiagnostics,
  });
  let omitted = parsed.omitted;
  const located = (problems: readonly EstateProblem[]) =>
    problems.map((p) => toDiagnostic(p, file, parsed.sourceMap));
  const invalid = (problems: readonly EstateProblem[]): EstateValidationResult => ({
    ok: false,
    diagnostics: limitDiagnostics(located(problems), maxDiagnostics, file, omitted),
  });
  if (!parsed.ok) return invalid(parsed.problems);
  if (parsed.data === null || parsed.data === undefined) {
    const hint = "start with apiVersion: orc.dev/v1 and kind: Estate";
    return {
      ok: false,
      diagnostics: [fileDiagnostic(file, "empty-document", "the estate file is empty", hint)],
    };
  }

  const problems: EstateProblem[] = [...parsed.problems];
  let result: ReturnType<typeof Estate.safeParse>;
  try {
    result = Estate.safeParse(parsed.data);
  } catch (e) {
    // Only a pathological document gets here (recursion too deep for the schema walk).
    if (!(e instanceof RangeError)) throw e;
    return {
      ok: false,
      diagnostics: [fileDiagnostic(file, "yaml-syntax", "the document is nested too deeply")],
    };
  }
  if (!result.success) {
    // zod lists issues roughly in document order. A hostile file can have millions: only the first
    // ones are placed in the file (placing costs more than finding) and the rest are counted.
    const ctx = { data: parsed.data, schema: Estate, sourceText: parsed.sourceMap.sourceText };
    const budget = maxDiagnostics * 10;
    for (const issue of result.error.issues) {
      const found = problemsFromZodIssue(issue, ctx);
      const room = Math.max(0, budget - problems.length);
      problems.push(...found.slice(0, room));
      omitted += Math.max(0, found.length - room);
    }
  }
  const lineOf = (path: Parameters<SourceMap["locate"]>[0]) => parsed.sourceMap.locate(path).line;
  problems.push(...checkEstateReferences(parsed.data, lineOf));
  for (const p of checkPolicySection(parsed.data)) {
    const { offset, ...problem } = p;
    problems.push({
      ...problem,
      ...(offset !== undefined ? { position: parsed.sourceMap.locateInScalar(p.path, offset) } : {}),
    });
  }
  problems.push(...checkNotificationReferences(parsed.data));

  if (result.success) problems.push(...calendarProblems(result.data));

  if (result.success && !problems.some((p) => p.severity === "error")) {
    return {
      ok: true,
      estate: result.data,
      warnings: limitDiagnostics(located(problems), maxDiagnostics, file, omitted),
    };
  }
  return invalid(problems);
}

/** `10 MiB`, `512 KiB`, `300 bytes`. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KiB`;
  return `${n} bytes`;
}

// Calendar checks that need the whole estate (a window needing a region's trading hours, a scope naming
// nothing). Unknown calendars and regions are already reported by the estate's own cross-references.
const CALENDAR_CODES: Readonly<Record<string, EstateDiagnosticCode>> = {
  "trading-hours-missing": "trading-hours-missing",
  "scope-matches-nothing": "scope-matches-nothing",
};

function calendarProblems(estate: Estate): EstateProblem[] {
  const section = { regions: estate.regions, calendars: estate.calendars };
  const contexts = listEnvironments(estate).map(calendarContext);
  const out: EstateProblem[] = [];
  for (const d of checkCalendarReferences(section, contexts)) {
    const code = CALENDAR_CODES[d.code];
    if (!code) continue;
    out.push({
      code,
      severity: d.severity,
      message: d.message,
      ...(d.hint ? { hint: d.hint } : {}),
      path: parseFieldPath(d.path ?? ""),
    });
  }
  return out;
}

/** `calendars[0].windows[2].scope.tenants[1]` → `["calendars", 0, "windows", 2, "scope", "tenants", 1]`. */
function parseFieldPath(path: string): FieldPath {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
    out.push(m[2] !== undefined ? Number(m[2]) : (m[1] as string));
  return out;
}
