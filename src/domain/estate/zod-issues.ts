import type { z } from "zod";
import { closestMatches, didYouMean } from "./did-you-mean.js";
import type { EstateDiagnosticCode, EstateProblem } from "./estate-problem.js";
import type { FieldPath } from "./field-path.js";
import { describeValue, isRecord, valueAt } from "./raw-value.js";
import { objectKeysAt } from "./schema-keys.js";
import type { FormatIssueParams } from "./string-format.js";

/** What the mapper needs besides the issues: the parsed data, its schema and the original text. */
export interface IssueContext {
  readonly data: unknown;
  readonly schema: z.ZodType;
  /** The source text of the scalar at `path`, as written (e.g. `17.0` that YAML read as 17). */
  readonly sourceText: (path: FieldPath) => string | undefined;
}

const expectedWords: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
};

/** A required key that is absent (zod reports it as a wrong type or value of `undefined`). */
function missingKey(path: FieldPath, value: unknown): EstateProblem | undefined {
  const last = path[path.length - 1];
  if (value !== undefined || typeof last !== "string") return undefined;
  return { code: "missing-key", severity: "error", message: `missing required key \`${last}\``, path };
}

function wrongType(issue: z.core.$ZodIssueInvalidType, path: FieldPath, ctx: IssueContext): EstateProblem {
  const value = valueAt(ctx.data, path);
  const missing = missingKey(path, value);
  if (missing) return missing;
  const expected = expectedWords[issue.expected] ?? issue.expected;
  let hint: string | undefined;
  if (issue.expected === "string" && (typeof value === "number" || typeof value === "boolean")) {
    const text = ctx.sourceText(path) ?? String(value);
    hint = `quote it: "${text}"`;
  } else if (issue.expected === "boolean" && typeof value === "string") {
    hint = "write true or false (YAML 1.2 reads yes/no/on/off as text)";
  } else if (issue.expected === "array" && value !== null) {
    hint = "write a list, one `- item` per line or [a, b]";
  } else if (issue.expected === "int" && typeof value === "number") {
    hint = "use a whole number";
  }
  return {
    code: "wrong-type",
    severity: "error",
    message:
      path.length === 0
        ? `the estate must be a mapping, got ${describeValue(value)}`
        : `expected ${expected}, got ${describeValue(value)}`,
    path,
    ...(hint ? { hint } : {}),
  };
}

function unknownKeys(
  issue: z.core.$ZodIssueUnrecognizedKeys,
  path: FieldPath,
  ctx: IssueContext,
): EstateProblem[] {
  const allowed = objectKeysAt(ctx.schema, path) ?? [];
  const present = valueAt(ctx.data, path);
  const absent = allowed.filter((k) => !(isRecord(present) && Object.hasOwn(present, k)));
  return issue.keys.map((key) => {
    // Prefer keys that are still missing: `rtp` next to an existing `rpo` most likely meant `rto`.
    const hint =
      didYouMean(key, absent) ??
      didYouMean(key, allowed) ??
      (allowed.length ? `allowed keys here: ${allowed.join(", ")}` : undefined);
    return {
      code: "unknown-key",
      severity: "error",
      message: `unknown key \`${key}\``,
      path: [...path, key],
      at: "key",
      ...(hint ? { hint } : {}),
    } satisfies EstateProblem;
  });
}

function invalidValue(
  issue: z.core.$ZodIssueInvalidValue,
  path: FieldPath,
  ctx: IssueContext,
): EstateProblem {
  const value = valueAt(ctx.data, path);
  const missing = missingKey(path, value);
  if (missing) {
    const key = String(path[path.length - 1]);
    const hint =
      issue.values.length === 1
        ? `write ${key}: ${String(issue.values[0])}`
        : `one of ${issue.values.map(String).join(", ")}`;
    return { ...missing, hint };
  }
  const values = issue.values.map(String);
  if (values.length === 1) {
    return {
      code: "invalid-value",
      severity: "error",
      message: `expected ${JSON.stringify(values[0])}, got ${describeValue(value)}`,
      path,
      hint: `write ${path[path.length - 1] ?? "it"}: ${values[0]}`,
    };
  }
  const suggestion = typeof value === "string" ? closestMatches(value, values) : [];
  return {
    code: "invalid-value",
    severity: "error",
    message: `${typeof value === "string" ? JSON.stringify(value) : describeValue(value)} is not one of ${values.join(", ")}`,
    path,
    ...(suggestion.length ? { hint: `did you mean ${suggestion.map((s) => `\`${s}\``).join(" or ")}?` } : {}),
  };
}

function outOfRange(
  issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig,
  path: FieldPath,
): EstateProblem {
  const small = issue.code === "too_small";
  const bound = Number(
    small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum,
  );
  let message: string;
  if (issue.origin === "array") {
    message = small
      ? `needs at least ${bound} ${bound === 1 ? "entry" : "entries"}`
      : `has more than ${bound} entries`;
  } else if (issue.origin === "string") {
    message = small
      ? bound <= 1
        ? "must not be empty"
        : `must be at least ${bound} characters`
      : `must be at most ${bound} characters`;
  } else {
    const op = small
      ? issue.inclusive
        ? "at least"
        : "greater than"
      : issue.inclusive
        ? "at most"
        : "less than";
    message = `must be ${op} ${bound}`;
  }
  return { code: "out-of-range", severity: "error", message, path };
}

function invalidFormat(
  issue: z.core.$ZodIssueInvalidStringFormat,
  path: FieldPath,
  ctx: IssueContext,
): EstateProblem {
  const value = valueAt(ctx.data, path);
  const got = describeValue(value);
  const message =
    issue.format === "email"
      ? `expected an email address, got ${got}`
      : issue.format === "url"
        ? `expected an http(s) URL, got ${got}`
        : issue.message;
  return { code: "invalid-format", severity: "error", message, path };
}

/** Turns one zod issue into estate problems (an unknown-keys issue becomes one problem per key). */
export function problemsFromZodIssue(issue: z.core.$ZodIssue, ctx: IssueContext): EstateProblem[] {
  const path = issue.path.filter((s): s is string | number => typeof s !== "symbol");
  switch (issue.code) {
    case "invalid_type":
      return [wrongType(issue, path, ctx)];
    case "unrecognized_keys":
      return unknownKeys(issue, path, ctx);
    case "invalid_value":
      return [invalidValue(issue, path, ctx)];
    case "too_small":
    case "too_big":
      return [outOfRange(issue, path)];
    case "invalid_format":
      return [invalidFormat(issue, path, ctx)];
    case "custom": {
      const params = (issue.params ?? {}) as Partial<FormatIssueParams>;
      const code: EstateDiagnosticCode = params.code ?? "invalid-value";
      return [
        {
          code,
          severity: "error",
          message: issue.message,
          path,
          ...(params.hint ? { hint: params.hint } : {}),
        },
      ];
    }
    default:
      return [{ code: "invalid-value", severity: "error", message: issue.message, path }];
  }
}
