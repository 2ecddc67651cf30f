/** A parsed SPDX license expression. */
export type SpdxExpression =
  | { readonly kind: "license"; readonly id: string; readonly orLater: boolean; readonly exception?: string }
  | { readonly kind: "and" | "or"; readonly terms: readonly SpdxExpression[] };

export type SpdxParseResult =
  | { readonly ok: true; readonly expression: SpdxExpression }
  | { readonly ok: false; readonly message: string };

const MAX_LENGTH = 2000;
const MAX_NESTING = 32;

function tokenize(text: string): string[] {
  return text
    .replace(/([()])/g, " $1 ")
    .split(/\s+/)
    .filter((t) => t !== "");
}

/**
 * Parses an SPDX license expression (`MIT OR Apache-2.0`, `(LGPL-3.0-or-later AND MIT)`,
 * `GPL-2.0-or-later WITH Classpath-exception-2.0`, `GPL-2.0+`). Operators are read in any case; AND
 * binds tighter than OR. Never throws.
 */
export function parseSpdxExpression(text: string): SpdxParseResult {
  if (text.length > MAX_LENGTH) return { ok: false, message: "the license expression is too long" };
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const isOp = (t: string | undefined, op: string) => t !== undefined && t.toUpperCase() === op;

  const orExpr = (depth: number): SpdxExpression | string => {
    const terms: SpdxExpression[] = [];
    for (;;) {
      const term = andExpr(depth);
      if (typeof term === "string") return term;
      terms.push(term);
      if (!isOp(peek(), "OR")) break;
      i++;
    }
    return terms.length === 1 ? (terms[0] as SpdxExpression) : { kind: "or", terms };
  };
  const andExpr = (depth: number): SpdxExpression | string => {
    const terms: SpdxExpression[] = [];
    for (;;) {
      const term = atom(depth);
      if (typeof term === "string") return term;
      terms.push(term);
      if (!isOp(peek(), "AND")) break;
      i++;
    }
    return terms.length === 1 ? (terms[0] as SpdxExpression) : { kind: "and", terms };
  };
  const atom = (depth: number): SpdxExpression | string => {
    const t = peek();
    if (t === undefined) return "the expression ends where a license was expected";
    if (t === "(") {
      if (depth >= MAX_NESTING) return "the expression nests parentheses too deeply";
      i++;
      const inner = orExpr(depth + 1);
      if (typeof inner === "string") return inner;
      if (peek() !== ")") return "a `(` is never closed";
      i++;
      return inner;
    }
    if (t === ")" || isOp(t, "AND") || isOp(t, "OR") || isOp(t, "WITH"))
      return `unexpected \`${t}\` where a license was expected`;
    if (!/^[A-Za-z0-9.\-+:]+$/.test(t)) return `\`${t}\` is not a license identifier`;
    i++;
    const orLater = t.endsWith("+");
    const id = orLater ? t.slice(0, -1) : t;
    if (isOp(peek(), "WITH")) {
      i++;
      const exception = peek();
      if (exception === undefined || exception === "(" || exception === ")")
        return "`WITH` must be followed by an exception";
      i++;
      return { kind: "license", id, orLater, exception };
    }
    return { kind: "license", id, orLater };
  };

  if (tokens.length === 0) return { ok: false, message: "the license expression is empty" };
  const expression = orExpr(0);
  if (typeof expression === "string") return { ok: false, message: expression };
  if (i < tokens.length)
    return { ok: false, message: `unexpected \`${tokens[i] ?? ""}\` after the expression` };
  return { ok: true, expression };
}

/** Writes an expression back in canonical form (`MIT OR (Apache-2.0 AND BSD-3-Clause)`). */
export function formatSpdxExpression(e: SpdxExpression, nested = false): string {
  if (e.kind === "license")
    return `${e.id}${e.orLater ? "+" : ""}${e.exception ? ` WITH ${e.exception}` : ""}`;
  const text = e.terms.map((t) => formatSpdxExpression(t, true)).join(e.kind === "and" ? " AND " : " OR ");
  return nested ? `(${text})` : text;
}
