import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePythonLiteral, pyToJs, toPythonSource, type PyValue } from "./python-literal.js";

function js(src: string): unknown {
  const r = parsePythonLiteral(src);
  if (!r.ok) throw new Error(`${r.error.line}:${r.error.column} ${r.error.reason}`);
  return pyToJs(r.value);
}

function refused(src: string) {
  const r = parsePythonLiteral(src);
  if (r.ok) throw new Error(`accepted: ${src}`);
  return r.error;
}

const REAL_MANIFEST = `# -*- coding: utf-8 -*-
# Part of Odoo. See LICENSE file for full copyright and licensing details.

{
    'name': 'Point of Sale',
    'version': '1.0.1',
    'category': 'Sales/Point of Sale',
    'sequence': 40,
    'summary': 'User-friendly PoS interface for shops and restaurants',
    'description': """
Quick and Easy sale process
===========================
    """,
    'depends': ['stock_account', 'barcodes', 'web_editor', 'digest'],
    'data': [
        'security/point_of_sale_security.xml',
        'security/ir.model.access.csv',  # trailing comment
    ],
    'installable': True,
    'application': True,
    'auto_install': False,
    'assets': {
        'point_of_sale.assets': [
            ('include', 'web._assets_helpers'),
            'point_of_sale/static/src/scss/pos_variables_extra.scss',
        ],
    },
    'license': 'LGPL-3',
}
`;

describe("parsePythonLiteral", () => {
  it("reads a real Odoo manifest", () => {
    const v = js(REAL_MANIFEST) as Record<string, unknown>;
    expect(v.name).toBe("Point of Sale");
    expect(v.depends).toEqual(["stock_account", "barcodes", "web_editor", "digest"]);
    expect(v.description).toBe("\nQuick and Easy sale process\n===========================\n    ");
    expect((v.assets as Record<string, unknown>)["point_of_sale.assets"]).toEqual([
      ["include", "web._assets_helpers"],
      "point_of_sale/static/src/scss/pos_variables_extra.scss",
    ]);
    expect(v.sequence).toBe(40);
  });

  it.each([
    [`'a' "b" '''c''' """d"""`, "abcd"],
    [`r'\\d+' R"\\n"`, "\\d+\\n"],
    [`u'caf\\xe9' '\\u00e9\\U0001F600'`, "café\u00e9😀"],
    [`'tab\\there' '\\101\\x41' 'keep\\q'`, "tab\there" + "AA" + "keep\\q"],
    ["'line\\\ncontinued'", "linecontinued"],
    [`('implicit'\n  'concatenation')`, "implicitconcatenation"],
    [`r'it\\'s'`, "it\\'s"],
  ])("strings: %s", (src, expected) => {
    expect(js(src)).toBe(expected);
  });

  it("numbers, constants and containers", () => {
    expect(js("[1, -2, +3, 0x1F, 0o17, 0b101, 1_000, 1.5, -2e3, .5, 5., True, False, None]")).toEqual([
      1,
      -2,
      3,
      31,
      15,
      5,
      1000,
      1.5,
      -2000,
      0.5,
      5,
      true,
      false,
      null,
    ]);
    expect(js("(1,)")).toEqual([1]);
    expect(js("()")).toEqual([]);
    expect(js("{1, 2,}")).toEqual([1, 2]);
    expect(js("set()")).toEqual([]);
    expect(js("{'a': {'b': [1, (2, 3)]},}")).toEqual({ a: { b: [1, [2, 3]] } });
    expect(js("  {'indented': 1}")).toEqual({ indented: 1 });
    expect(js("1, 2")).toEqual([1, 2]);
    expect(js("1+2j")).toEqual({ real: 1, imag: 2 });
    expect(js("{'a': 1} \\\n")).toEqual({ a: 1 });
    expect(
      parsePythonLiteral("b'x'").ok && (parsePythonLiteral("b'x'") as { value: PyValue }).value.type,
    ).toBe("bytes");
  });

  it.each([
    ["{'name': __import__('os').system('id')}", 1, 10, "call of '__import__' is not allowed"],
    ["{'a': open('x')}", 1, 7, "call of 'open'"],
    ["{'a': b}", 1, 7, "name 'b' is not a literal"],
    ["{'a': f'{x}'}", 1, 7, "f-strings"],
    ["{'a': 1 + 1}", 1, 9, "arithmetic"],
    ["{'a': 2 * 3}", 1, 9, "operator '*' is not allowed"],
    ["{'a': [x for x in y]}", 1, 8, "name 'x'"],
    ["{'a': lambda: 1}", 1, 7, "name 'lambda'"],
    ["{\n  'a': 1,\n  'b': 'oops\n}", 3, 8, "unterminated string"],
    ["{'a': 1", 1, 8, "'}' was never written"],
    ["{'a': 1}\n{'b': 2}", 2, 1, "only one expression"],
    ["{'a': -'x'}", 1, 7, "unary '-' only applies to numbers"],
    ["{'a': 01}", 1, 7, "leading zeros"],
    ["{'a': b'x' 'y'}", 1, 12, "cannot mix bytes"],
    ["", 1, 1, "empty"],
    ["\ufeff{}", 1, 1, "byte order mark"],
    ["{'a': x.y}", 1, 7, "name 'x'"],
    ["{'a': set([1])}", 1, 10, "only 'set()'"],
    ["{'a': 1 if True else 2}", 1, 9, "name 'if'"],
  ])("refuses %j at %i:%i", (src, line, column, reason) => {
    const e = refused(src);
    expect(e.reason).toContain(reason);
    expect([e.line, e.column]).toEqual([line, column]);
  });
});

/** Python values as generated for round-trips (floats kept finite and exact). */
const pyValue: fc.Arbitrary<PyValue> = fc.letrec<{ v: PyValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.string({ unit: "grapheme", maxLength: 12 }).map((value) => ({ type: "str", value }) as PyValue),
    fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map((value) => ({ type: "int", value }) as PyValue),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => ({ type: "float", value }) as PyValue),
    fc.boolean().map((value) => ({ type: "bool", value }) as PyValue),
    fc.constant({ type: "none" } as PyValue),
    fc.array(tie("v"), { maxLength: 4 }).map((items) => ({ type: "list", items }) as PyValue),
    fc.array(tie("v"), { maxLength: 4 }).map((items) => ({ type: "tuple", items }) as PyValue),
    fc
      .array(
        fc.tuple(
          fc.string({ maxLength: 8 }).map((value) => ({ type: "str", value }) as PyValue),
          tie("v"),
        ),
        { maxLength: 4 },
      )
      .map((entries) => ({ type: "dict", entries }) as PyValue),
  ),
})).v;

describe("round-trips", () => {
  it("parse(toPythonSource(v)) equals v", () => {
    fc.assert(
      fc.property(pyValue, (v) => {
        const r = parsePythonLiteral(toPythonSource(v));
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.value).toEqual(v);
      }),
      { numRuns: 300 },
    );
  });
});
