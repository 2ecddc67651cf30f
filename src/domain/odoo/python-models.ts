import { cmp } from "./finding.js";
import { parsePythonLiteral, pyToJs } from "./python-literal.js";

/**
 * The smallest view of a tree-sitter syntax node this module needs; `web-tree-sitter`'s `Node`
 * satisfies it. Parsing (and loading the grammar) is the adapter's job; this code only walks trees.
 */
export interface SyntaxNodeLike {
  readonly type: string;
  readonly text: string;
  readonly namedChildren: readonly (SyntaxNodeLike | null)[];
  childForFieldName(name: string): SyntaxNodeLike | null;
}

/** Odoo models and fields declared in one Python file, found statically. Plain JSON data. */
export interface PythonModelSummary {
  readonly models: Readonly<Record<string, ModelShape>>;
}

export interface ModelShape {
  /** True when a class defines the model (`_name` not inherited from `_inherit`). */
  readonly defines: boolean;
  /** Field name → normalised declaration, e.g. `Char(string="Name",required=True)`. */
  readonly fields: Readonly<Record<string, string>>;
  /** Schema-relevant class attributes (`_table`, `_sql_constraints`, `_auto`, `_inherits`) → normalised source. */
  readonly attributes: Readonly<Record<string, string>>;
}

const MODEL_BASE_RE = /\b(?:Model|TransientModel|AbstractModel)\b/;
const SCHEMA_ATTRIBUTES = new Set(["_table", "_sql_constraints", "_auto", "_inherits"]);

function literal(node: SyntaxNodeLike): unknown {
  const r = parsePythonLiteral(node.text);
  return r.ok ? pyToJs(r.value) : undefined;
}

function normalise(src: string): string {
  return src
    .replace(/\s+/g, " ")
    .replace(/\s*([,()[\]{}=:])\s*/g, "$1")
    .replace(/,([)\]}])/g, "$1");
}

/** Models and fields declared by the classes of a parsed Python module. */
export function summarizeModels(root: SyntaxNodeLike): PythonModelSummary {
  const models: Record<
    string,
    { defines: boolean; fields: Record<string, string>; attributes: Record<string, string> }
  > = {};
  for (const top of root.namedChildren) {
    if (!top) continue;
    const cls = top.type === "decorated_definition" ? top.childForFieldName("definition") : top;
    if (!cls || cls.type !== "class_definition") continue;
    const supers = cls.childForFieldName("superclasses");
    if (!supers || !MODEL_BASE_RE.test(supers.text)) continue;
    const body = cls.childForFieldName("body");
    if (!body) continue;
    let name: string | undefined;
    let inherit: string[] = [];
    const fields: Record<string, string> = {};
    const attributes: Record<string, string> = {};
    for (const stmt of body.namedChildren) {
      if (!stmt || stmt.type !== "expression_statement") continue;
      const assign = stmt.namedChildren[0];
      if (!assign || assign.type !== "assignment") continue;
      const left = assign.childForFieldName("left");
      const right = assign.childForFieldName("right");
      if (!left || !right || left.type !== "identifier") continue;
      const target = left.text;
      if (target === "_name") {
        const v = literal(right);
        if (typeof v === "string") name = v;
      } else if (target === "_inherit") {
        const v = literal(right);
        if (typeof v === "string") inherit = [v];
        else if (Array.isArray(v)) inherit = v.filter((x): x is string => typeof x === "string");
      } else if (SCHEMA_ATTRIBUTES.has(target)) {
        attributes[target] = normalise(right.text);
      } else if (right.type === "call") {
        const fn = right.childForFieldName("function");
        if (fn && fn.type === "attribute") {
          const obj = fn.childForFieldName("object");
          const attr = fn.childForFieldName("attribute");
          if (obj?.text === "fields" && attr && /^[A-Z]/.test(attr.text)) {
            fields[target] = `${attr.text}${normalise(right.childForFieldName("arguments")?.text ?? "()")}`;
          }
        }
      }
    }
    const modelName = name ?? inherit[0];
    if (!modelName) continue;
    const defines = name !== undefined && !inherit.includes(name);
    const shape = (models[modelName] ??= { defines: false, fields: {}, attributes: {} });
    shape.defines ||= defines;
    Object.assign(shape.fields, fields);
    Object.assign(shape.attributes, attributes);
  }
  return { models };
}

/** What changed in models and fields between two sets of summaries (e.g. a module's changed files). */
export interface SchemaChange {
  readonly modelsAdded: readonly string[];
  readonly modelsRemoved: readonly string[];
  readonly fieldsAdded: readonly string[];
  readonly fieldsRemoved: readonly string[];
  readonly fieldsChanged: readonly string[];
  readonly attributesChanged: readonly string[];
}

function merge(
  list: readonly PythonModelSummary[],
): Map<string, { defines: boolean; fields: Map<string, string>; attributes: Map<string, string> }> {
  const out = new Map<
    string,
    { defines: boolean; fields: Map<string, string>; attributes: Map<string, string> }
  >();
  for (const s of list) {
    for (const [m, shape] of Object.entries(s.models)) {
      let cur = out.get(m);
      if (!cur) out.set(m, (cur = { defines: false, fields: new Map(), attributes: new Map() }));
      cur.defines ||= shape.defines;
      for (const [f, sig] of Object.entries(shape.fields)) cur.fields.set(f, sig);
      for (const [a, sig] of Object.entries(shape.attributes)) cur.attributes.set(a, sig);
    }
  }
  return out;
}

/** Compares the models and fields declared before and after a change. */
export function diffModels(
  before: readonly PythonModelSummary[],
  after: readonly PythonModelSummary[],
): SchemaChange {
  const b = merge(before);
  const a = merge(after);
  const modelsAdded: string[] = [];
  const modelsRemoved: string[] = [];
  const fieldsAdded: string[] = [];
  const fieldsRemoved: string[] = [];
  const fieldsChanged: string[] = [];
  const attributesChanged: string[] = [];
  for (const [m, shape] of a) {
    const old = b.get(m);
    if (shape.defines && !old?.defines) modelsAdded.push(m);
    for (const [f, sig] of shape.fields) {
      const was = old?.fields.get(f);
      if (was === undefined) fieldsAdded.push(`${m}.${f}`);
      else if (was !== sig) fieldsChanged.push(`${m}.${f}`);
    }
    for (const [k, sig] of shape.attributes)
      if (old?.attributes.get(k) !== sig) attributesChanged.push(`${m}.${k}`);
  }
  for (const [m, shape] of b) {
    const now = a.get(m);
    if (shape.defines && !now?.defines) modelsRemoved.push(m);
    for (const f of shape.fields.keys()) if (!now?.fields.has(f)) fieldsRemoved.push(`${m}.${f}`);
    for (const k of shape.attributes.keys()) if (!now?.attributes.has(k)) attributesChanged.push(`${m}.${k}`);
  }
  const s = (x: string[]) => [...new Set(x)].sort(cmp);
  return {
    modelsAdded: s(modelsAdded),
    modelsRemoved: s(modelsRemoved),
    fieldsAdded: s(fieldsAdded),
    fieldsRemoved: s(fieldsRemoved),
    fieldsChanged: s(fieldsChanged),
    attributesChanged: s(attributesChanged),
  };
}

/** True when the change touches the database schema. */
export function isSchemaChange(c: SchemaChange): boolean {
  return (
    c.modelsAdded.length +
      c.modelsRemoved.length +
      c.fieldsAdded.length +
      c.fieldsRemoved.length +
      c.fieldsChanged.length +
      c.attributesChanged.length >
    0
  );
}
