import type { z } from "zod";
import { formatFieldPath } from "../estate/index.js";
import { evidenceDiagnostic, type EvidenceDiagnostic } from "./evidence-diagnostic.js";
import type { JsonDocument, JsonPath } from "./json-document.js";

function valueAt(data: unknown, path: JsonPath): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** `a string`, `a number`, `null`, `a list`, `an object`. */
export function describeJsonValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return value.length > 40 ? "a string" : `"${value}"`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return "nothing";
}

const EXPECTED: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "an object",
};

/**
 * Turns zod issues about a JSON report into diagnostics placed in the text: a missing required field
 * points at the object that lacks it, a wrong value at the value. At most `max` issues are placed
 * (placing costs a scan of the text); the caller counts the rest.
 */
export function inputShapeDiagnostics(
  issues: readonly z.core.$ZodIssue[],
  document: JsonDocument,
  file: string,
  max: number,
): EvidenceDiagnostic[] {
  const shown = issues.slice(0, max);
  const paths = shown.map((issue) => issue.path.filter((s): s is string | number => typeof s !== "symbol"));
  const positions = document.locate(paths);
  const out = shown.map((issue, i) => {
    const path = paths[i] ?? [];
    const position = positions[i];
    const value = valueAt(document.value, path);
    const last = path[path.length - 1];
    const where = { ...(position ? { position } : {}), path: formatFieldPath(path) };
    if (value === undefined && typeof last === "string") {
      return evidenceDiagnostic(file, "missing-field", `required field \`${last}\` is missing`, where);
    }
    let message = issue.message;
    if (issue.code === "invalid_type") {
      message = `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeJsonValue(value)}`;
    } else if (issue.code === "too_small" || issue.code === "too_big") {
      const bound = String(issue.code === "too_small" ? issue.minimum : issue.maximum);
      const words =
        issue.origin === "array"
          ? ` item${bound === "1" ? "" : "s"}`
          : issue.origin === "string"
            ? " characters"
            : "";
      message = `expected ${issue.code === "too_small" ? "at least" : "at most"} ${bound}${words}, got ${Array.isArray(value) ? `${value.length}` : describeJsonValue(value)}`;
    } else if (issue.code === "invalid_value") {
      const allowed = issue.values.map((v) => JSON.stringify(v)).join(", ");
      message = `expected ${issue.values.length === 1 ? allowed : `one of ${allowed}`}, got ${describeJsonValue(value)}`;
    }
    const params = issue.code === "custom" ? (issue.params as { hint?: unknown } | undefined) : undefined;
    const hint = typeof params?.hint === "string" ? params.hint : undefined;
    return evidenceDiagnostic(file, "invalid-field", message, { ...where, ...(hint ? { hint } : {}) });
  });
  const rest = issues.length - shown.length;
  if (rest > 0) {
    out.push(
      evidenceDiagnostic(
        file,
        "too-many-problems",
        `${rest} more ${rest === 1 ? "problem" : "problems"} not shown`,
        {
          hint: "fix the ones above and upload again",
        },
      ),
    );
  }
  return out;
}
