import { XMLParser, XMLValidator } from "fast-xml-parser";
import { evidenceDiagnostic, type EvidenceDiagnostic, type TextPosition } from "./evidence-diagnostic.js";
import { LineIndex } from "./text-position.js";

/** An XML element with its attributes and children, entities decoded. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own text and CDATA, concatenated, not trimmed. */
  readonly text: string;
  /** Offset of the element's `<` in the source. */
  readonly offset: number;
}

/** A parsed XML report: its root element and a way from offsets to positions. */
export interface XmlDocument {
  readonly root: XmlElement;
  position(offset: number): TextPosition;
}

export type XmlDocumentResult =
  | { readonly ok: true; readonly document: XmlDocument }
  | { readonly ok: false; readonly diagnostic: EvidenceDiagnostic };

const PREDEFINED: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/**
 * Decodes the five predefined XML entities and character references. Anything else stays as written:
 * orc never expands entities a document defines (no DTD is ever read).
 */
export function decodeXmlEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g, (whole, ref: string) => {
    if (!ref.startsWith("#")) return PREDEFINED[ref] ?? whole;
    const code = ref[1] === "x" ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    return code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

type OrderedNode = Record<string, unknown>;

/**
 * Parses an XML report with fast-xml-parser: a well-formedness check first (its line and column go
 * into the diagnostic), document type declarations refused outright (they are where entity
 * expansion attacks and external entities live), no entity expansion, nesting capped. Never throws for
 * bad input.
 */
export function parseXmlDocument(text: string, file: string, maxDepth: number): XmlDocumentResult {
  const lines = new LineIndex(text);
  const doctype = text.search(/<!(DOCTYPE|ENTITY)/i);
  if (doctype !== -1) {
    return {
      ok: false,
      diagnostic: evidenceDiagnostic(
        file,
        "xml-doctype-refused",
        "the report declares a document type (DOCTYPE)",
        {
          position: lines.position(doctype),
          hint: "test and scan reports need none; orc refuses them because they can define expanding or external entities",
        },
      ),
    };
  }
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    return {
      ok: false,
      diagnostic: evidenceDiagnostic(
        file,
        "xml-syntax",
        `the report is not well-formed XML: ${lowerFirst(msg)}`,
        {
          position: { line: line || 1, column: col || 1 },
        },
      ),
    };
  }
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: "",
    processEntities: false,
    htmlEntities: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    cdataPropName: "#cdata",
    ignoreDeclaration: true,
    ignorePiTags: true,
    captureMetaData: true,
    maxNestedTags: maxDepth,
  });
  let nodes: unknown;
  try {
    nodes = parser.parse(text);
  } catch (e) {
    if (e instanceof Error && /nested tags/i.test(e.message)) {
      return {
        ok: false,
        diagnostic: evidenceDiagnostic(file, "too-deep", "the report nests elements too deeply", {
          position: lines.position(tooDeepAt(text, maxDepth) ?? 0),
          hint: "real reports nest a few levels; this one may be hostile or corrupted",
        }),
      };
    }
    // The validator passed, so otherwise only names the parser refuses for safety (`__proto__`) get here.
    const reason = e instanceof Error ? lowerFirst(e.message.replace(/^\[SECURITY\]\s*/, "")) : "unreadable";
    return {
      ok: false,
      diagnostic: evidenceDiagnostic(file, "xml-syntax", `the report could not be read as XML: ${reason}`),
    };
  }
  const root = (Array.isArray(nodes) ? nodes : []).map(toElement).find((e) => e !== undefined);
  if (!root) {
    return {
      ok: false,
      diagnostic: evidenceDiagnostic(file, "xml-syntax", "the report has no root element"),
    };
  }
  return { ok: true, document: { root, position: (offset) => lines.position(offset) } };
}

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

function toElement(node: unknown): XmlElement | undefined {
  if (node === null || typeof node !== "object") return undefined;
  const record = node as OrderedNode;
  const name = Object.keys(record).find((k) => k !== ":@" && k !== "#text" && k !== "#cdata");
  if (name === undefined) return undefined;
  const rawAttributes = (record[":@"] ?? {}) as Record<string, unknown>;
  const attributes: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(rawAttributes)) attributes[k] = decodeXmlEntities(String(v));
  const children: XmlElement[] = [];
  let text = "";
  for (const child of (record[name] ?? []) as unknown[]) {
    if (child === null || typeof child !== "object") continue;
    const c = child as OrderedNode;
    if ("#text" in c) text += decodeXmlEntities(String(c["#text"]));
    else if ("#cdata" in c) {
      for (const part of (c["#cdata"] ?? []) as OrderedNode[]) text += String(part["#text"] ?? "");
    } else {
      const element = toElement(c);
      if (element) children.push(element);
    }
  }
  const meta = (record as Record<symbol, { startIndex?: number } | undefined>)[META];
  return { name, attributes, children, text, offset: meta?.startIndex ?? 0 };
}

/** Offset of the first element nested deeper than `max` in well-formed XML, if any. */
function tooDeepAt(text: string, max: number): number | undefined {
  let depth = 0;
  for (let i = text.indexOf("<"); i !== -1; i = text.indexOf("<", i + 1)) {
    const next = text[i + 1];
    if (next === "/") depth--;
    else if (next === "!") {
      // comments and CDATA may contain `<`: skip to their end
      const end = text.startsWith("<![CDATA[", i) ? text.indexOf("]]>", i) : text.indexOf("-->", i);
      if (end === -1) return undefined;
      i = end;
    } else if (next !== "?") {
      const close = tagEnd(text, i);
      if (close === -1) return undefined;
      if (text[close - 1] !== "/") depth++;
      if (depth > max) return i;
    }
  }
  return undefined;
}

/** Offset of the `>` closing the tag that starts at `start`, skipping quoted attribute values. */
function tagEnd(text: string, start: number): number {
  let quote = "";
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ">") return i;
  }
  return -1;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
