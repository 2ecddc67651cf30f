/**
 * A Python literal reader: accepts what `ast.literal_eval` accepts in real manifests and refuses
 * everything else with a line, a column and a reason. Nothing is ever executed.
 *
 * Accepted: strings of every quoting (single, double, triple, raw, bytes, implicit concatenation,
 * escapes, backslash line continuations), ints (decimal, hex, octal, binary, underscores), floats,
 * imaginary numbers and `real ± imag` complex sums, unary `+`/`-` on numbers, `True`/`False`/`None`,
 * `...`, tuples, lists, sets, `set()`, dicts, comments and trailing commas. Like `literal_eval`,
 * leading spaces and tabs of the whole text are ignored.
 */

/** A Python value as `ast.literal_eval` returns it, tagged so nothing is lost (tuple vs list, int vs float). */
export type PyValue =
  | { readonly type: "str"; readonly value: string }
  | { readonly type: "bytes"; readonly value: string }
  | { readonly type: "int"; readonly value: bigint }
  | { readonly type: "float"; readonly value: number }
  | { readonly type: "complex"; readonly real: number; readonly imag: number }
  | { readonly type: "bool"; readonly value: boolean }
  | { readonly type: "none" }
  | { readonly type: "ellipsis" }
  | { readonly type: "list"; readonly items: readonly PyValue[] }
  | { readonly type: "tuple"; readonly items: readonly PyValue[] }
  | { readonly type: "set"; readonly items: readonly PyValue[] }
  | { readonly type: "dict"; readonly entries: readonly (readonly [PyValue, PyValue])[] };

/** Why a text is not a Python literal, and where (1-based line and column). */
export interface LiteralError {
  readonly line: number;
  readonly column: number;
  readonly reason: string;
}

export type LiteralResult =
  { readonly ok: true; readonly value: PyValue } | { readonly ok: false; readonly error: LiteralError };

type TokKind = "str" | "num" | "name" | "op" | "end";
interface Token {
  readonly kind: TokKind;
  readonly text: string;
  readonly pos: number;
  /** For strings: decoded value and whether bytes. For numbers: parsed value. */
  readonly str?: string;
  readonly bytes?: boolean;
  readonly num?: PyValue;
}

class LiteralSyntaxError extends Error {
  constructor(
    readonly pos: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const OPENERS = "([{";
/** Operators that are tokenized only to be refused with a precise message by the parser. */
const FORBIDDEN_OPERATORS = ".*/%@&|^~<>=!;";
const CLOSERS = ")]}";

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

/** Splits the text into tokens, honouring bracket nesting for implicit line joining. */
class Tokenizer {
  private pos = 0;
  private depth = 0;
  readonly tokens: Token[] = [];

  constructor(private readonly src: string) {}

  run(): Token[] {
    const s = this.src;
    // literal_eval strips leading spaces and tabs before parsing.
    while (this.pos < s.length && (s[this.pos] === " " || s[this.pos] === "\t")) this.pos++;
    let lineStart = true;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c === 0xfeff)
        throw new LiteralSyntaxError(this.pos, "invalid non-printable character U+FEFF (byte order mark)");
      if (c === 32 || c === 9 || c === 12) {
        this.pos++;
        continue;
      }
      if (c === 35) {
        // comment up to end of line
        while (this.pos < s.length && s[this.pos] !== "\n" && s[this.pos] !== "\r") this.pos++;
        continue;
      }
      if (c === 10 || c === 13) {
        this.pos++;
        lineStart = true;
        continue;
      }
      if (c === 92) {
        // explicit line continuation
        const next = s[this.pos + 1];
        if (next === "\n") {
          this.pos += 2;
          continue;
        }
        if (next === "\r") {
          this.pos += s[this.pos + 2] === "\n" ? 3 : 2;
          continue;
        }
        throw new LiteralSyntaxError(this.pos, "unexpected character after line continuation character");
      }
      if (lineStart && this.depth === 0 && this.tokens.length > 0) {
        // A second logical line at top level: literal_eval (mode 'eval') takes one expression only.
        throw new LiteralSyntaxError(
          this.pos,
          "unexpected text after the literal (only one expression is allowed)",
        );
      }
      lineStart = false;
      if (isIdentStart(c)) {
        this.readNameOrString();
        continue;
      }
      if (c === 34 || c === 39) {
        this.readString(this.pos, "");
        continue;
      }
      if (isDigit(c) || (c === 46 && isDigit(s.charCodeAt(this.pos + 1)))) {
        this.readNumber();
        continue;
      }
      const ch = s[this.pos] as string;
      if (s.startsWith("...", this.pos)) {
        this.tokens.push({ kind: "op", text: "...", pos: this.pos });
        this.pos += 3;
        continue;
      }
      if (OPENERS.includes(ch)) this.depth++;
      else if (CLOSERS.includes(ch)) this.depth = Math.max(0, this.depth - 1);
      if ("()[]{},:+-".includes(ch) || FORBIDDEN_OPERATORS.includes(ch)) {
        this.tokens.push({ kind: "op", text: ch, pos: this.pos });
        this.pos++;
        continue;
      }
      throw new LiteralSyntaxError(this.pos, `operator or character '${ch}' is not allowed in a literal`);
    }
    this.tokens.push({ kind: "end", text: "", pos: this.pos });
    return this.tokens;
  }

  private readNameOrString(): void {
    const s = this.src;
    const start = this.pos;
    let end = start;
    while (end < s.length && isIdentPart(s.charCodeAt(end))) end++;
    const word = s.slice(start, end);
    const q = s[end];
    if ((q === "'" || q === '"') && word.length <= 2) {
      const prefix = word.toLowerCase();
      if (prefix.includes("f")) {
        throw new LiteralSyntaxError(start, "f-strings are not literals (they evaluate expressions)");
      }
      if (prefix.includes("t") && !prefix.includes("r")) {
        throw new LiteralSyntaxError(start, "template strings are not literals");
      }
      if (["r", "u", "b", "br", "rb"].includes(prefix)) {
        this.pos = end;
        this.readString(start, prefix);
        return;
      }
    }
    this.pos = end;
    this.tokens.push({ kind: "name", text: word, pos: start });
  }

  private readString(tokStart: number, prefix: string): void {
    const s = this.src;
    const len = s.length;
    const raw = prefix.includes("r");
    const bytes = prefix.includes("b");
    const q = s.charCodeAt(this.pos);
    const triple = s.charCodeAt(this.pos + 1) === q && s.charCodeAt(this.pos + 2) === q;
    this.pos += triple ? 3 : 1;
    let out = "";
    let chunkStart = this.pos;
    for (;;) {
      // Fast path: skip ordinary characters.
      let c = s.charCodeAt(this.pos);
      while (this.pos < len && c !== q && c !== 92 && c !== 10 && c !== 13 && !(bytes && c > 127))
        c = s.charCodeAt(++this.pos);
      if (this.pos >= len) {
        throw new LiteralSyntaxError(
          tokStart,
          triple ? "unterminated triple-quoted string literal" : "unterminated string literal",
        );
      }
      if (c === q) {
        if (!triple) {
          out += s.slice(chunkStart, this.pos);
          this.pos++;
          break;
        }
        if (s.charCodeAt(this.pos + 1) === q && s.charCodeAt(this.pos + 2) === q) {
          out += s.slice(chunkStart, this.pos);
          this.pos += 3;
          break;
        }
        this.pos++;
        continue;
      }
      if (c === 10 || c === 13) {
        if (!triple)
          throw new LiteralSyntaxError(tokStart, "unterminated string literal (end of line inside a string)");
        if (c === 13) {
          // Python normalises newlines in source to \n.
          out += s.slice(chunkStart, this.pos) + "\n";
          this.pos += s.charCodeAt(this.pos + 1) === 10 ? 2 : 1;
          chunkStart = this.pos;
        } else this.pos++;
        continue;
      }
      if (c !== 92) throw new LiteralSyntaxError(this.pos, "bytes can only contain ASCII literal characters");
      out += s.slice(chunkStart, this.pos);
      const next = s[this.pos + 1];
      if (next === undefined) {
        this.pos++;
        chunkStart = this.pos;
        continue; // reported as unterminated on the next turn
      }
      if (raw) {
        // A raw string keeps the backslash, but a backslash still escapes the quote or a newline.
        out += "\\" + next;
        this.pos += 2;
        if (next === "\r" && s[this.pos] === "\n") {
          out += "\n";
          this.pos++;
        }
        chunkStart = this.pos;
        continue;
      }
      this.pos = this.readEscape(this.pos, bytes, (t) => (out += t));
      chunkStart = this.pos;
    }
    this.tokens.push({ kind: "str", text: "", pos: tokStart, str: out, bytes });
  }

  /** Decodes the escape at `at` (a backslash); returns the position after it. */
  private readEscape(at: number, bytes: boolean, emit: (t: string) => void): number {
    const s = this.src;
    const next = s[at + 1] as string;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      emit(simple);
      return at + 2;
    }
    if (next === "\n") return at + 2;
    if (next === "\r") return s[at + 2] === "\n" ? at + 3 : at + 2;
    if (next >= "0" && next <= "7") {
      let end = at + 1;
      while (end < at + 4 && s[end] !== undefined && (s[end] as string) >= "0" && (s[end] as string) <= "7")
        end++;
      const code = parseInt(s.slice(at + 1, end), 8);
      if (bytes && code > 255) throw new LiteralSyntaxError(at, "octal escape value out of range in bytes");
      emit(String.fromCodePoint(code));
      return end;
    }
    const hexLen = next === "x" ? 2 : !bytes && next === "u" ? 4 : !bytes && next === "U" ? 8 : 0;
    if (hexLen > 0) {
      const hex = s.slice(at + 2, at + 2 + hexLen);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLen}}$`).test(hex)) {
        throw new LiteralSyntaxError(at, `truncated \\${next} escape`);
      }
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) throw new LiteralSyntaxError(at, "illegal Unicode character in \\U escape");
      emit(String.fromCodePoint(code));
      return at + 2 + hexLen;
    }
    if (!bytes && next === "N") {
      throw new LiteralSyntaxError(
        at,
        "\\N{name} escapes are not supported by this reader; write the character itself",
      );
    }
    // Unknown escapes keep their backslash (Python only warns).
    emit("\\" + next);
    return at + 2;
  }

  private readNumber(): void {
    const s = this.src;
    const start = this.pos;
    const m =
      /^(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][+-]?\d(?:_?\d)*)?[jJ]?)/.exec(
        s.slice(start, start + 400),
      );
    if (!m) throw new LiteralSyntaxError(start, "invalid number literal");
    const text = m[0];
    const after = s.charCodeAt(start + text.length);
    if (!Number.isNaN(after) && (isIdentPart(after) || after === 46)) {
      throw new LiteralSyntaxError(start, "invalid number literal");
    }
    const clean = text.replace(/_/g, "");
    let num: PyValue;
    if (/^0[xXoObB]/.test(clean)) {
      num = { type: "int", value: BigInt(clean.toLowerCase()) };
    } else if (/[jJ]$/.test(clean)) {
      num = { type: "complex", real: 0, imag: Number(clean.slice(0, -1)) };
    } else if (/[.eE]/.test(clean)) {
      num = { type: "float", value: Number(clean) };
    } else {
      if (clean.length > 1 && clean.startsWith("0") && /[1-9]/.test(clean)) {
        throw new LiteralSyntaxError(
          start,
          "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
        );
      }
      num = { type: "int", value: BigInt(clean) };
    }
    this.pos = start + text.length;
    this.tokens.push({ kind: "num", text, pos: start, num });
  }
}

/** Recursive-descent parser over the tokens; only literal forms are accepted. */
class Parser {
  private i = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private peek(): Token {
    return this.tokens[this.i] as Token;
  }
  private next(): Token {
    return this.tokens[this.i++] as Token;
  }
  private isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === "op" && t.text === text;
  }
  private expect(text: string, what: string): void {
    const t = this.peek();
    if (t.kind !== "op" || t.text !== text) {
      throw new LiteralSyntaxError(
        t.pos,
        t.kind === "end"
          ? `'${text}' was never written: ${what}`
          : `expected '${text}' ${what}, found ${describe(t)}`,
      );
    }
    this.i++;
  }

  parseTop(): PyValue {
    if (this.peek().kind === "end")
      throw new LiteralSyntaxError(this.peek().pos, "empty file: expected a literal");
    const v = this.parseExprOrTuple(true);
    const t = this.peek();
    if (t.kind !== "end") throw new LiteralSyntaxError(t.pos, `unexpected ${describe(t)} after the literal`);
    return v;
  }

  /** An expression, or a bare tuple `a, b` where allowed (top level and inside parentheses). */
  private parseExprOrTuple(allowBare: boolean): PyValue {
    const first = this.parseExpr();
    if (!allowBare || !this.isOp(",")) return first;
    const items = [first];
    while (this.isOp(",")) {
      this.i++;
      if (this.atExprEnd()) break;
      items.push(this.parseExpr());
    }
    return { type: "tuple", items };
  }

  private atExprEnd(): boolean {
    const t = this.peek();
    return t.kind === "end" || (t.kind === "op" && (t.text === ")" || t.text === "]" || t.text === "}"));
  }

  /** An atom, optionally signed, optionally `real ± imag`. */
  private parseExpr(): PyValue {
    const left = this.parseSigned();
    if ((this.isOp("+") || this.isOp("-")) && (left.type === "int" || left.type === "float")) {
      const op = this.next();
      const right = this.parseSigned();
      if (right.type !== "complex" || right.real !== 0) {
        throw new LiteralSyntaxError(
          op.pos,
          "arithmetic is not allowed in a literal (only 'real + imaginary' complex numbers)",
        );
      }
      const real = left.type === "int" ? Number(left.value) : left.value;
      return { type: "complex", real, imag: op.text === "+" ? right.imag : -right.imag };
    }
    if (this.isOp("+") || this.isOp("-")) {
      throw new LiteralSyntaxError(this.peek().pos, "arithmetic is not allowed in a literal");
    }
    const t = this.peek();
    if (t.kind === "op" && FORBIDDEN_OPERATORS.includes(t.text)) {
      throw new LiteralSyntaxError(t.pos, `operator '${t.text}' is not allowed in a literal`);
    }
    return left;
  }

  private parseSigned(): PyValue {
    if (this.isOp("+") || this.isOp("-")) {
      const op = this.next();
      const operand = this.parseSigned();
      const neg = op.text === "-";
      switch (operand.type) {
        case "int":
          return { type: "int", value: neg ? -operand.value : operand.value };
        case "float":
          return { type: "float", value: neg ? -operand.value : operand.value };
        case "complex":
          return neg ? { type: "complex", real: -operand.real, imag: -operand.imag } : operand;
        default:
          throw new LiteralSyntaxError(op.pos, `unary '${op.text}' only applies to numbers`);
      }
    }
    return this.parseAtom();
  }

  private parseAtom(): PyValue {
    const t = this.next();
    switch (t.kind) {
      case "str": {
        let value = t.str ?? "";
        const bytes = t.bytes === true;
        while (this.peek().kind === "str") {
          const more = this.next();
          if ((more.bytes === true) !== bytes) {
            throw new LiteralSyntaxError(more.pos, "cannot mix bytes and nonbytes literals");
          }
          value += more.str ?? "";
        }
        return { type: bytes ? "bytes" : "str", value };
      }
      case "num":
        return t.num as PyValue;
      case "name":
        return this.parseName(t);
      case "op":
        if (t.text === "(") return this.parseParen();
        if (t.text === "[") return this.parseList();
        if (t.text === "{") return this.parseBrace();
        if (t.text === "...") return { type: "ellipsis" };
        throw new LiteralSyntaxError(t.pos, `unexpected ${describe(t)}`);
      case "end":
        throw new LiteralSyntaxError(t.pos, "unexpected end of file: the literal is incomplete");
    }
  }

  private parseName(t: Token): PyValue {
    if (t.text === "True") return { type: "bool", value: true };
    if (t.text === "False") return { type: "bool", value: false };
    if (t.text === "None") return { type: "none" };
    if (t.text === "set" && this.isOp("(")) {
      const open = this.next();
      if (!this.isOp(")"))
        throw new LiteralSyntaxError(
          open.pos,
          "calls are not allowed in a literal (only 'set()' with no argument)",
        );
      this.i++;
      return { type: "set", items: [] };
    }
    if (this.isOp("("))
      throw new LiteralSyntaxError(t.pos, `call of '${t.text}' is not allowed in a literal`);
    throw new LiteralSyntaxError(t.pos, `name '${t.text}' is not a literal`);
  }

  private parseParen(): PyValue {
    if (this.isOp(")")) {
      this.i++;
      return { type: "tuple", items: [] };
    }
    const first = this.parseExpr();
    if (this.isOp(")")) {
      this.i++;
      return first;
    }
    const items = [first];
    while (this.isOp(",")) {
      this.i++;
      if (this.isOp(")")) break;
      items.push(this.parseExpr());
    }
    this.expect(")", "to close '('");
    return { type: "tuple", items };
  }

  private parseList(): PyValue {
    const items: PyValue[] = [];
    while (!this.isOp("]")) {
      items.push(this.parseExpr());
      if (!this.isOp(",")) break;
      this.i++;
    }
    this.expect("]", "to close '['");
    return { type: "list", items };
  }

  private parseBrace(): PyValue {
    if (this.isOp("}")) {
      this.i++;
      return { type: "dict", entries: [] };
    }
    const first = this.parseExpr();
    if (this.isOp(":")) {
      this.i++;
      const entries: [PyValue, PyValue][] = [[first, this.parseExpr()]];
      while (this.isOp(",")) {
        this.i++;
        if (this.isOp("}")) break;
        const k = this.parseExpr();
        this.expect(":", "between a dict key and its value");
        entries.push([k, this.parseExpr()]);
      }
      this.expect("}", "to close '{'");
      return { type: "dict", entries };
    }
    const items = [first];
    while (this.isOp(",")) {
      this.i++;
      if (this.isOp("}")) break;
      items.push(this.parseExpr());
    }
    this.expect("}", "to close '{'");
    return { type: "set", items };
  }
}

function describe(t: Token): string {
  if (t.kind === "end") return "end of file";
  if (t.kind === "name") return `name '${t.text}'`;
  if (t.kind === "str") return "string";
  if (t.kind === "num") return `number ${t.text}`;
  return `'${t.text}'`;
}

function lineColumn(src: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < pos && i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c === 10 || (c === 13 && src.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: pos - lineStart + 1 };
}

/** Parses `source` as one Python literal, never executing anything. */
export function parsePythonLiteral(source: string): LiteralResult {
  try {
    const tokens = new Tokenizer(source).run();
    return { ok: true, value: new Parser(tokens).parseTop() };
  } catch (e) {
    if (e instanceof LiteralSyntaxError) {
      return { ok: false, error: { ...lineColumn(source, e.pos), reason: e.reason } };
    }
    throw e;
  }
}

/** Python's `repr`-like source text of a value; parsing it back gives the same value. */
export function toPythonSource(v: PyValue): string {
  switch (v.type) {
    case "str":
      return quotePython(v.value, "");
    case "bytes":
      return quotePython(v.value, "b");
    case "int":
      return v.value.toString();
    case "float":
      return floatRepr(v.value);
    case "complex":
      return `(${floatRepr(v.real)}${v.imag < 0 || Object.is(v.imag, -0) ? "-" : "+"}${floatRepr(Math.abs(v.imag))}j)`;
    case "bool":
      return v.value ? "True" : "False";
    case "none":
      return "None";
    case "ellipsis":
      return "...";
    case "list":
      return `[${v.items.map(toPythonSource).join(", ")}]`;
    case "tuple":
      return v.items.length === 1
        ? `(${toPythonSource(v.items[0] as PyValue)},)`
        : `(${v.items.map(toPythonSource).join(", ")})`;
    case "set":
      return v.items.length === 0 ? "set()" : `{${v.items.map(toPythonSource).join(", ")}}`;
    case "dict":
      return `{${v.entries.map(([k, x]) => `${toPythonSource(k)}: ${toPythonSource(x)}`).join(", ")}}`;
  }
}

function floatRepr(n: number): string {
  if (Number.isNaN(n) || !Number.isFinite(n)) throw new Error("non-finite floats have no literal form");
  const s = Object.is(n, -0) ? "-0.0" : String(n);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

function quotePython(s: string, prefix: string): string {
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === "\\") out += "\\\\";
    else if (ch === "'") out += "\\'";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else if (c > 0x7e && prefix === "b") out += `\\x${c.toString(16).padStart(2, "0")}`;
    else if (c >= 0xd800 && c <= 0xdfff) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `${prefix}'${out}'`;
}

/** Plain JavaScript view of a value: str → string, numbers → number, tuples/lists/sets → arrays, dict → object (str keys). */
export function pyToJs(v: PyValue): unknown {
  switch (v.type) {
    case "str":
    case "bytes":
      return v.value;
    case "int":
      return Number(v.value);
    case "float":
      return v.value;
    case "complex":
      return { real: v.real, imag: v.imag };
    case "bool":
      return v.value;
    case "none":
      return null;
    case "ellipsis":
      return null;
    case "list":
    case "tuple":
    case "set":
      return v.items.map(pyToJs);
    case "dict": {
      const o: Record<string, unknown> = {};
      for (const [k, x] of v.entries) o[k.type === "str" ? k.value : toPythonSource(k)] = pyToJs(x);
      return o;
    }
  }
}
