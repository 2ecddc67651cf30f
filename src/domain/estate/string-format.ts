import { z } from "zod";
import type { EstateDiagnosticCode } from "./estate-problem.js";

/** What is wrong with a string, in words, and what would fix it. */
export interface FormatProblem {
  readonly message: string;
  readonly hint?: string;
}

/** A string format with its own diagnostic code, a description for the JSON Schema and a checker. */
export interface StringFormat {
  readonly code: EstateDiagnosticCode;
  /** Shown in the JSON Schema (editor tooltips). */
  readonly description: string;
  /** Advertised in the JSON Schema for editors; the checker is what decides. */
  readonly pattern?: RegExp;
  readonly examples?: readonly string[];
  /** `undefined` when `value` is valid. */
  readonly check: (value: string) => FormatProblem | undefined;
}

/** Parameters carried by the zod issue of a failed {@link StringFormat} check. */
export interface FormatIssueParams {
  readonly code: EstateDiagnosticCode;
  readonly hint?: string;
}

/**
 * A zod string schema checked by `format`. A failure becomes a `custom` zod issue whose params name
 * the diagnostic code and hint, so the diagnostic mapper never parses message text.
 */
export function formattedString(format: StringFormat): z.ZodString {
  const meta: Record<string, unknown> = { description: format.description };
  if (format.pattern) meta.pattern = format.pattern.source;
  if (format.examples) meta.examples = [...format.examples];
  return z
    .string()
    .superRefine((value, ctx) => {
      const problem = format.check(value);
      if (!problem) return;
      const params: FormatIssueParams = {
        code: format.code,
        ...(problem.hint ? { hint: problem.hint } : {}),
      };
      ctx.addIssue({ code: "custom", message: problem.message, params, input: value });
    })
    .meta(meta);
}

/** Quotes a user value for a message, shortening very long ones. */
export function quote(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return JSON.stringify(shown);
}
