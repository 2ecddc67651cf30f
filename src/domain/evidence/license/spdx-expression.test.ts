import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalLicense, licenseCategory } from "./license-category.js";
import { formatSpdxExpression, parseSpdxExpression, type SpdxExpression } from "./spdx-expression.js";

function parsed(text: string): SpdxExpression {
  const result = parseSpdxExpression(text);
  if (!result.ok) throw new Error(result.message);
  return result.expression;
}

describe("parseSpdxExpression", () => {
  it("reads ids, or-later, exceptions, AND before OR, parentheses and lower-case operators", () => {
    expect(parsed("MIT")).toEqual({ kind: "license", id: "MIT", orLater: false });
    expect(parsed("GPL-2.0+ WITH Classpath-exception-2.0")).toEqual({
      kind: "license",
      id: "GPL-2.0",
      orLater: true,
      exception: "Classpath-exception-2.0",
    });
    expect(formatSpdxExpression(parsed("MIT or Apache-2.0 and BSD-3-Clause"))).toBe(
      "MIT OR (Apache-2.0 AND BSD-3-Clause)",
    );
    expect(formatSpdxExpression(parsed("(MIT OR Apache-2.0) AND LGPL-3.0-or-later"))).toBe(
      "(MIT OR Apache-2.0) AND LGPL-3.0-or-later",
    );
  });

  it("refuses broken expressions with a sentence", () => {
    expect(parseSpdxExpression("")).toEqual({ ok: false, message: "the license expression is empty" });
    expect(parseSpdxExpression("(MIT OR")).toMatchObject({ ok: false });
    expect(parseSpdxExpression("MIT AND")).toMatchObject({
      ok: false,
      message: "the expression ends where a license was expected",
    });
    expect(parseSpdxExpression("MIT Apache-2.0")).toMatchObject({
      ok: false,
      message: "unexpected `Apache-2.0` after the expression",
    });
    expect(parseSpdxExpression(`${"(".repeat(100)}MIT${")".repeat(100)}`)).toMatchObject({ ok: false });
  });

  it("formats and parses back to the same expression", () => {
    const id = fc.constantFrom("MIT", "Apache-2.0", "GPL-3.0-only", "LicenseRef-Acme", "BSD-3-Clause");
    const leaf = fc.record({ kind: fc.constant("license" as const), id, orLater: fc.boolean() });
    const tree = fc.letrec<{ e: SpdxExpression }>((tie) => ({
      e: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.record({
          kind: fc.constantFrom("and" as const, "or" as const),
          terms: fc.array(tie("e"), { minLength: 2, maxLength: 3 }),
        }),
      ),
    })).e;
    fc.assert(
      fc.property(tree, (e) => {
        const text = formatSpdxExpression(e);
        expect(formatSpdxExpression(parsed(text))).toBe(text);
      }),
    );
  });
});

describe("license names and categories", () => {
  it("maps Odoo manifest names and deprecated SPDX ids to canonical ids", () => {
    expect(
      [
        "LGPL-3",
        "AGPL-3",
        "GPL-3.0",
        "GPL-2.0+",
        "agpl-3.0",
        "OPL-1",
        "Other proprietary",
        "mit",
        "UNLICENSED",
      ].map((n) => canonicalLicense(n)),
    ).toEqual([
      "LGPL-3.0-only",
      "AGPL-3.0-only",
      "GPL-3.0-only",
      "GPL-2.0-or-later",
      "AGPL-3.0-only",
      "OPL-1",
      "Other proprietary",
      "MIT",
      "UNLICENSED",
    ]);
  });

  it("sorts licenses into the categories a lawyer reviews", () => {
    expect(
      [
        "MIT",
        "LGPL-3.0-only",
        "GPL-3.0-or-later",
        "AGPL-3.0-only",
        "OPL-1",
        "LicenseRef-Acme-Proprietary",
        "Foo-1.0",
      ].map(licenseCategory),
    ).toEqual([
      "permissive",
      "weak-copyleft",
      "strong-copyleft",
      "network-copyleft",
      "proprietary",
      "proprietary",
      "unknown",
    ]);
  });
});
