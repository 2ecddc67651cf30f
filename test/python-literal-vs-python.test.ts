import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parsePythonLiteral, pyToJs } from "../src/domain/odoo/python-literal.js";

function js(src: string): unknown {
  const r = parsePythonLiteral(src);
  if (!r.ok) throw new Error(`${r.error.line}:${r.error.column} ${r.error.reason}`);
  return pyToJs(r.value);
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

describe("agrees with python3 ast.literal_eval", () => {
  const cases = [
    REAL_MANIFEST,
    `{'a': r'\\x', 'b': '\\x41\\101', "c": """multi\nline""", 'd': ('t',), 'e': {1, 2}, 'f': -1.5e-3, 'g': 0xff}`,
    `{'description': 'A' 'B' \\\n 'C', 'k': [ # comment\n 1,\n ],}`,
    `{'x': '\\\\', 'y': '\\'', 'z': "\\"", 'w': 'a\\\nb', 'v': '\\u263a', 'u': u'x'}`,
  ];
  it("on a corpus of manifests", () => {
    const script =
      "import ast,json,sys\nout=[]\nfor s in json.load(sys.stdin):\n  v=ast.literal_eval(s)\n  def conv(x):\n    if isinstance(x,(list,tuple)): return [conv(i) for i in x]\n    if isinstance(x,(set,frozenset)): return sorted(conv(i) for i in x)\n    if isinstance(x,dict): return {str(k):conv(w) for k,w in x.items()}\n    return x\n  out.append(conv(v))\nprint(json.dumps(out))";
    const py = JSON.parse(
      execFileSync("python3", ["-c", script], { input: JSON.stringify(cases) }).toString(),
    ) as unknown[];
    const norm = (x: unknown): unknown =>
      Array.isArray(x)
        ? x.map(norm)
        : x && typeof x === "object"
          ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, norm(v)]))
          : x;
    cases.forEach((c, i) => {
      const ours = js(c);
      const sortSets = (x: unknown): unknown => x; // sets in the corpus are already sorted
      expect(norm(sortSets(ours))).toEqual(py[i]);
    });
  });
});
