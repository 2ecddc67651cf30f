/** Which input of a window question or an agenda request a problem is about. */
export type InputField = "environment" | "tier" | "at" | "duration" | "horizonDays" | "from" | "to";

/** Stable codes of input problems; the CLI exits 2 on each, the API answers 400 (404 for the environment). */
export type InputProblemCode =
  "unknown-environment" | "unknown-tier" | "invalid-time" | "invalid-duration" | "invalid-period";

/** One thing wrong with what a person asked, with a hint when there is a likely fix. */
export interface InputProblem {
  readonly field: InputField;
  readonly code: InputProblemCode;
  readonly message: string;
  readonly hint?: string;
}

/** A parsed input, or every problem found in it. */
export type InputParse<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly InputProblem[] };

/** `message (hint)`, or `message; hint` — one sentence per problem for terminals and problem details. */
export function describeInputProblem(p: InputProblem): string {
  return p.hint ? `${p.message}; ${p.hint}` : p.message;
}
