import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDocument, isMap, isScalar } from "yaml";
import { scalarSourceOffset, type ScalarStyle } from "./scalar-position.js";

/** Parses `v: <scalar>` and returns the scalar's value, style and source text. */
function scalar(yaml: string): { value: string; style: ScalarStyle; raw: string } {
  const doc = parseDocument(yaml);
  const node = isMap(doc.contents) ? doc.contents.items[0]?.value : undefined;
  if (!isScalar(node) || !node.range) throw new Error("not a scalar");
  return {
    value: String(node.value),
    style: (node.type ?? "PLAIN") as ScalarStyle,
    raw: yaml.slice(node.range[0], node.range[1]),
  };
}

describe("scalarSourceOffset", () => {
  it("maps value offsets to source offsets in every single-line style and in literal blocks", () => {
    for (const yaml of [
      'v: a.b == "x" && c',
      'v: "a.b == \\"x\\" && c"',
      "v: 'a.b == ''x'' && c'",
      'v: |\n  a.b == "x"\n    && c\n',
      'v: |-\n    a.b == "x" &&\n    c\n',
    ]) {
      const { value, style, raw } = scalar(yaml);
      const at = value.indexOf("c");
      expect(raw[scalarSourceOffset(raw, style, at)], yaml).toBe("c");
      expect(raw[scalarSourceOffset(raw, style, value.indexOf("b"))], yaml).toBe("b");
    }
  });

  it("finds every character of a double-quoted string with escapes (property)", () => {
    const char = fc.constantFrom("a", "b", " ", '"', "\\", "=", "\t");
    fc.assert(
      fc.property(fc.array(char, { minLength: 1, maxLength: 30 }), (chars) => {
        const value = chars.join("");
        const yaml = `v: ${JSON.stringify(value)}`;
        const { raw, style } = scalar(yaml);
        for (let i = 0; i < value.length; i++) {
          const at = scalarSourceOffset(raw, style, i);
          const c = value[i];
          const expected = c === '"' || c === "\\" ? "\\" : c === "\t" ? "\\" : c;
          expect(raw[at]).toBe(expected);
        }
      }),
    );
  });
});
