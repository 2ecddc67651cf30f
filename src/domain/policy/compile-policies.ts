import type { ParseResult } from "@marcbachmann/cel-js";
import { didYouMean } from "../estate/did-you-mean.js";
import { policyCelEnvironment } from "./cel-environment.js";
import type { PolicyScope, PolicySeverity, PolicySpec } from "./policy-spec.js";
import { policyNames } from "./policy-variables.js";

/** Stable codes of the problems found in a policy's expressions. */
export type PolicyProblemCode =
  /** The expression is not CEL (or a `{{` in a message is not closed). */
  | "policy-syntax"
  /** The expression names a variable or field that the policy input does not have. */
  | "policy-unknown-name"
  /** The expression does not type-check, or a rule or precondition is not boolean. */
  | "policy-type"
  /** The expression exceeds the structural limits (nodes, depth, literal sizes). */
  | "policy-too-complex";

/** The part of a policy an expression is written in. */
export type PolicyExpressionField = "rule" | "when" | "message";

/** A problem in one expression of a policy, at a character offset of that field's text. */
export interface PolicyExpressionProblem {
  readonly code: PolicyProblemCode;
  readonly field: PolicyExpressionField;
  /** 0-based offset in the field's text. */
  readonly offset: number;
  readonly message: string;
  readonly hint?: string;
}

type CelProgram = ParseResult;

/** A message with `{{ expr }}` placeholders, compiled. */
export type MessageTemplate = readonly (string | CelProgram)[];

/** A policy ready to evaluate: its expressions parsed and type-checked once. */
export interface CompiledPolicy {
  readonly name: string;
  readonly severity: PolicySeverity;
  readonly scope: PolicyScope | undefined;
  readonly when: CelProgram | undefined;
  readonly rule: CelProgram;
  readonly message: MessageTemplate;
  readonly unblock: string | undefined;
  /** Set when an expression does not compile: evaluation then fails the policy with this text. */
  readonly broken?: string;
}

type Compiled<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: PolicyExpressionProblem };

interface CelErrorLike {
  readonly code?: string;
  readonly summary?: string;
  readonly message: string;
  readonly range?: { readonly start: number; readonly end: number };
}

function asCelError(e: unknown): CelErrorLike {
  if (e instanceof Error) return e as CelErrorLike;
  return { message: String(e) };
}

function problemOf(
  e: CelErrorLike,
  field: PolicyExpressionField,
  source: string,
  base: number,
  stage: "parse" | "check",
): PolicyExpressionProblem {
  // An error at the end of input (a truncated expression) points just after its last character.
  const start = Math.min(e.range?.start ?? 0, source.trimEnd().length);
  const summary = e.summary ?? e.message;
  const offset = base + start;
  if (e.code === "limit_exceeded") {
    return {
      code: "policy-too-complex",
      field,
      offset,
      message: `the expression is too complex: ${summary}`,
      hint: "split it into several policies",
    };
  }
  if (stage === "parse")
    return { code: "policy-syntax", field, offset, message: `CEL syntax error: ${summary}` };
  if (e.code === "unknown_variable" || e.code === "no_such_key") {
    const name = e.range ? source.slice(e.range.start, e.range.end) : "";
    const hint = name ? didYouMean(name, policyNames()) : undefined;
    const what = e.code === "unknown_variable" ? "variable" : "field";
    return {
      code: "policy-unknown-name",
      field,
      offset,
      message: `unknown ${what} ${name ? `\`${name}\`` : ""} in the policy input`.replace("  ", " "),
      hint: hint ?? "see docs/policies.md for the variables a policy can read",
    };
  }
  return { code: "policy-type", field, offset, message: `CEL type error: ${summary}` };
}

/** Parses and type-checks one CEL expression; `bool` demands a boolean result. */
function compileExpression(
  source: string,
  field: PolicyExpressionField,
  base: number,
  bool: boolean,
): Compiled<CelProgram> {
  const env = policyCelEnvironment();
  let program: CelProgram;
  try {
    program = env.parse(source);
  } catch (e) {
    return { ok: false, problem: problemOf(asCelError(e), field, source, base, "parse") };
  }
  let checked: ReturnType<CelProgram["check"]>;
  try {
    checked = program.check();
  } catch (e) {
    return { ok: false, problem: problemOf(asCelError(e), field, source, base, "check") };
  }
  if (!checked.valid) {
    return { ok: false, problem: problemOf(asCelError(checked.error), field, source, base, "check") };
  }
  if (bool && checked.type !== "bool" && checked.type !== "dyn") {
    return {
      ok: false,
      problem: {
        code: "policy-type",
        field,
        offset: base,
        message: `a ${field === "when" ? "precondition" : "rule"} must be a boolean expression; this one is of type ${checked.type ?? "unknown"}`,
        hint: 'compare it with something, e.g. release.tier == "standard"',
      },
    };
  }
  return { ok: true, value: program };
}

/** Compiles a message with `{{ expr }}` placeholders. */
function compileMessage(text: string): Compiled<MessageTemplate> {
  const parts: (string | CelProgram)[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf("{{", i);
    if (open < 0) break;
    const close = text.indexOf("}}", open + 2);
    if (close < 0) {
      return {
        ok: false,
        problem: {
          code: "policy-syntax",
          field: "message",
          offset: open,
          message: "`{{` is not closed by `}}` in the message",
          hint: "write {{ expression }}, e.g. {{ release.tier }}",
        },
      };
    }
    if (open > i) parts.push(text.slice(i, open));
    const compiled = compileExpression(text.slice(open + 2, close), "message", open + 2, false);
    if (!compiled.ok) return compiled;
    parts.push(compiled.value);
    i = close + 2;
  }
  if (i < text.length) parts.push(text.slice(i));
  return { ok: true, value: parts };
}

/** The raw text of a policy's expressions, as the estate file gives them (possibly not validated). */
export interface PolicyExpressions {
  readonly when?: unknown;
  readonly rule?: unknown;
  readonly message?: unknown;
}

/** Compiles what can be compiled of a policy's expressions and lists every problem found. */
export function checkPolicyExpressions(policy: PolicyExpressions): PolicyExpressionProblem[] {
  const problems: PolicyExpressionProblem[] = [];
  if (typeof policy.when === "string" && /\S/.test(policy.when)) {
    const c = compileExpression(policy.when, "when", 0, true);
    if (!c.ok) problems.push(c.problem);
  }
  if (typeof policy.rule === "string" && /\S/.test(policy.rule)) {
    const c = compileExpression(policy.rule, "rule", 0, true);
    if (!c.ok) problems.push(c.problem);
  }
  if (typeof policy.message === "string") {
    const c = compileMessage(policy.message);
    if (!c.ok) problems.push(c.problem);
  }
  return problems;
}

const FALSE_PROGRAM = (): CelProgram => policyCelEnvironment().parse("false");

/**
 * Compiles one validated policy. A policy whose expressions do not compile (possible only for an
 * estate that was not validated) is kept, marked `broken`: it fails with the problem as its message.
 */
export function compilePolicy(spec: PolicySpec): CompiledPolicy {
  const when = spec.when === undefined ? undefined : compileExpression(spec.when, "when", 0, true);
  const rule = compileExpression(spec.rule, "rule", 0, true);
  const message = compileMessage(spec.message);
  const failed = [when, rule, message].find((c) => c !== undefined && !c.ok);
  const base = {
    name: spec.name,
    severity: spec.severity,
    scope: spec.scope,
    unblock: spec.unblock,
  };
  if (failed && !failed.ok) {
    return {
      ...base,
      when: undefined,
      rule: FALSE_PROGRAM(),
      message: [spec.message],
      broken: `${failed.problem.field}: ${failed.problem.message}`,
    };
  }
  return {
    ...base,
    when: when?.ok ? when.value : undefined,
    rule: (rule as { value: CelProgram }).value,
    message: (message as { value: MessageTemplate }).value,
  };
}

/** Compiles every policy of an estate, in order. */
export function compilePolicies(specs: readonly PolicySpec[]): CompiledPolicy[] {
  return specs.map(compilePolicy);
}
