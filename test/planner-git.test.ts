import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import type { UpgradePlan } from "../src/domain/odoo/index.js";
import { bufferIo } from "./support/cli.js";
import { commitAll, initRepo, manifest, writeFiles } from "./support/git-fixture.js";

/**
 * A retailer's two addons repositories (their own and an OCA-like one) plus an export of the
 * production database's modules (the core addons are not in CI). The history has a deployed
 * revision and a release candidate.
 */
let work: string;
let from: { addons: string; oca: string };

const row = (state: string, depends: string[], extra: Record<string, unknown> = {}) => ({
  state,
  latest_version: state === "installed" ? "17.0.1.0" : null,
  depends,
  ...extra,
});

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "orc-planner-git-"));
  const addons = join(work, "addons");
  const oca = join(work, "oca/pos");
  initRepo(addons);
  initRepo(oca);
  const lic = { license: "LGPL-3" };
  writeFiles(addons, {
    "README.md": "company addons\n",
    "retail_base/__init__.py": "from . import models\n",
    "retail_base/__manifest__.py": manifest({
      name: "Retail Base",
      version: "17.0.1.0.0",
      depends: ["stock"],
      ...lic,
    }),
    "retail_base/models/__init__.py": "from . import product\n",
    "retail_base/models/product.py":
      "from odoo import fields, models\n\nclass ProductTemplate(models.Model):\n    _inherit = 'product.template'\n\n    shelf = fields.Char()\n\n    def _compute_shelf(self):\n        return 1\n",
    "retail_pos/__manifest__.py": manifest({
      name: "Retail POS",
      version: "17.0.1.0.0",
      depends: ["point_of_sale", "retail_base"],
      ...lic,
    }),
    "retail_pos/models/pos.py":
      "from odoo import fields, models\n\nclass PosOrder(models.Model):\n    _inherit = 'pos.order'\n    till = fields.Char()\n",
    "retail_pos/migrations/1.0.0/post-old.py": "def migrate(cr, version):\n    pass\n",
    "retail_reports/__manifest__.py": manifest({
      name: "Retail Reports",
      version: "17.0.1.0.0",
      depends: ["retail_base"],
      data: ["views/report.xml"],
      ...lic,
    }),
    "retail_reports/views/report.xml": "<odoo/>\n",
    "retail_reports/models/report.py":
      "from odoo import fields, models\n\nclass RetailReport(models.Model):\n    _name = 'retail.report'\n    _description = 'Report'\n    name = fields.Char()\n    legacy_total = fields.Float()\n",
    "retail_static/__manifest__.py": manifest({
      name: "Retail Theme",
      version: "17.0.1.0.0",
      depends: ["web"],
      ...lic,
    }),
    "retail_static/static/src/theme.js": "console.log(1);\n",
    "retail_unused/__manifest__.py": manifest({
      name: "Unused",
      version: "17.0.1.0.0",
      depends: ["base"],
      ...lic,
    }),
  });
  writeFiles(oca, {
    "pos_order_note/__manifest__.py": manifest({
      name: "POS Order Note",
      version: "17.0.1.0.0",
      depends: ["point_of_sale"],
      license: "AGPL-3",
    }),
    "pos_order_note/views/note.xml": "<odoo/>\n",
  });
  from = { addons: commitAll(addons, "deployed"), oca: commitAll(oca, "deployed") };

  writeFiles(addons, {
    // code-only change without bump
    "retail_base/models/product.py":
      "from odoo import fields, models\n\nclass ProductTemplate(models.Model):\n    _inherit = 'product.template'\n\n    shelf = fields.Char()\n\n    def _compute_shelf(self):\n        return 2\n",
    // schema + migration, bumped
    "retail_pos/__manifest__.py": manifest({
      name: "Retail POS",
      version: "17.0.1.1.0",
      depends: ["point_of_sale", "retail_base"],
      license: "LGPL-3",
    }),
    "retail_pos/models/pos.py":
      "from odoo import fields, models\n\nclass PosOrder(models.Model):\n    _inherit = 'pos.order'\n    till = fields.Char(required=True)\n    cashier_badge = fields.Char()\n",
    "retail_pos/migrations/1.1.0/pre-fill.py": "def migrate(cr, version):\n    pass\n",
    "retail_pos/migrations/1.1.0/post-check.py": "def migrate(cr, version):\n    pass\n",
    "retail_pos/migrations/1.1.0/end-report.py": "def migrate(cr, version):\n    pass\n",
    "retail_pos/migrations/1.2.0/pre-next.py": "def migrate(cr, version):\n    pass\n",
    // data change and a removed field, no bump
    "retail_reports/views/report.xml": "<odoo><data/></odoo>\n",
    "retail_reports/models/report.py":
      "from odoo import fields, models\n\nclass RetailReport(models.Model):\n    _name = 'retail.report'\n    _description = 'Report'\n    name = fields.Char()\n",
    // assets only
    "retail_static/static/src/theme.js": "console.log(2);\n",
    "retail_unused/data.xml": "<odoo/>\n",
    "README.md": "company addons, v2\n",
  });
  writeFiles(oca, {
    "pos_order_note/__manifest__.py": manifest({
      name: "POS Order Note",
      version: "17.0.1.0.1",
      depends: ["point_of_sale", "loyalty"],
      license: "AGPL-3",
    }),
  });
  commitAll(addons, "release candidate");
  commitAll(oca, "release candidate");

  // Production's modules and dependencies, exported from its database (orc addons export-installed).
  const modules = {
    base: row("installed", []),
    web: row("installed", ["base"]),
    stock: row("installed", ["base"]),
    point_of_sale: row("installed", ["stock", "web"]),
    loyalty: row("uninstalled", ["base"]),
    pos_loyalty: row("uninstalled", ["point_of_sale", "loyalty"], {
      auto_install: true,
      auto_install_required: ["loyalty", "point_of_sale"],
    }),
    retail_base: row("installed", ["stock"]),
    retail_pos: row("installed", ["point_of_sale", "retail_base"]),
    retail_reports: row("installed", ["retail_base"]),
    retail_static: row("installed", ["web"]),
    pos_order_note: row("installed", ["point_of_sale"]),
  };
  writeFileSync(join(work, "installed.json"), JSON.stringify({ format: "orc.odoo.installed/1", modules }));
});

async function plan(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = bufferIo(work);
  const code = await main(
    [
      "plan",
      "--addons-path",
      "addons,oca/pos",
      "--series",
      "17.0",
      "--installed",
      "installed.json",
      "--no-cache",
      ...args,
    ],
    io,
  );
  return { code, out: io.outText(), err: io.errText() };
}

describe("orc plan between two revisions of two repositories", () => {
  it("plans the exact upgrade, installs, scripts, impact and strategy", async () => {
    const r = await plan(["--from", "HEAD~1", "--to", "HEAD", "--json"]);
    expect(r.err).toBe("");
    const p = JSON.parse(r.out) as UpgradePlan;
    expect(p.changed.map((c) => [c.module, c.status, c.needsUpgrade, c.impact])).toEqual([
      ["pos_order_note", "modified", true, "data"],
      ["retail_base", "modified", true, "code-only"],
      ["retail_pos", "modified", true, "migration"],
      ["retail_reports", "modified", true, "schema"],
      ["retail_static", "modified", false, "assets-only"],
      ["retail_unused", "modified", true, "data"],
    ]);
    expect(p.upgrade.command).toBe("pos_order_note,retail_base,retail_pos,retail_reports");
    // pos_order_note gains a dependency on loyalty (to install): its dependencies are not all in the
    // graph on the first pass, so Odoo installs loyalty and pos_loyalty (auto_install) in the
    // 'to install' pass and loads pos_order_note on the next pass (loading.py STEP 3 loop).
    expect(p.upgrade.order.map((e) => [e.module, e.reason])).toEqual([
      ["retail_base", "changed"],
      ["retail_pos", "changed"],
      ["retail_reports", "changed"],
      ["pos_order_note", "changed"],
    ]);
    const positions = [...p.upgrade.order, ...p.install]
      .sort((a, b) => a.position - b.position)
      .map((e) => e.module);
    expect(positions).toEqual([
      "retail_base",
      "retail_pos",
      "retail_reports",
      "loyalty",
      "pos_loyalty",
      "pos_order_note",
    ]);
    expect(p.upgrade.notInstalled).toEqual(["retail_unused"]);
    expect(p.install.map((e) => [e.module, e.reason])).toEqual([
      ["loyalty", "new dependency of pos_order_note"],
      ["pos_loyalty", "auto_install (loyalty, point_of_sale)"],
    ]);
    expect(p.migrations).toEqual([
      {
        module: "retail_pos",
        installedVersion: "17.0.1.0",
        targetVersion: "17.0.1.1.0",
        pre: ["migrations/1.1.0/pre-fill.py"],
        post: ["migrations/1.1.0/post-check.py"],
        end: ["migrations/1.1.0/end-report.py"],
      },
    ]);
    expect(p.impact.overall).toBe("migration");
    expect(p.impact.removals).toEqual(["field retail.report.legacy_total"]);
    expect(p.impact.modules.retail_pos?.schema).toMatchObject({
      fieldsAdded: ["pos.order.cashier_badge"],
      fieldsChanged: ["pos.order.till"],
    });
    expect(p.strategy).toMatchObject({
      kind: "rehearsal",
      canaryAllowed: false,
      backupFirst: true,
      rehearsalFirst: true,
    });
    expect(p.dependencySources).toMatchObject({
      retail_pos: "addons-path",
      loyalty: "export",
      pos_loyalty: "export",
    });
    const codes = p.findings.map((f) => `${f.severity}:${f.code}:${f.module ?? ""}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        "warning:code-changed-without-version-bump:retail_base",
        "warning:code-changed-without-version-bump:retail_reports",
        "error:migration-folder-never-runs:retail_pos",
        "warning:new-dependency-install:loyalty",
        "warning:auto-install-cascade:pos_loyalty",
        "info:changed-not-installed:retail_unused",
      ]),
    );
    expect(r.code).toBe(1); // the 1.2.0 folder above the manifest version is an error: it was added by this change
  });

  it("is byte-identical when run twice, with or without a warm cache", async () => {
    const a = await plan(["--from", "HEAD~1", "--json"]);
    const io = bufferIo(work);
    await main(
      [
        "plan",
        "--addons-path",
        "addons,oca/pos",
        "--series",
        "17.0",
        "--installed",
        "installed.json",
        "--from",
        "HEAD~1",
        "--json",
      ],
      io,
    );
    const io2 = bufferIo(work);
    await main(
      [
        "plan",
        "--addons-path",
        "addons,oca/pos",
        "--series",
        "17.0",
        "--installed",
        "installed.json",
        "--from",
        "HEAD~1",
        "--json",
      ],
      io2,
    );
    expect(io.outText()).toBe(a.out);
    expect(io2.outText()).toBe(a.out);
  });

  it("applies the version-bump and impact policies", async () => {
    const vb = JSON.parse(
      (await plan(["--from", "HEAD~1", "--policy", "version-bump", "--json"])).out,
    ) as UpgradePlan;
    expect(vb.upgrade.command).toBe("pos_order_note,retail_pos");
    expect(
      vb.findings.find((f) => f.code === "code-changed-without-version-bump" && f.module === "retail_reports")
        ?.severity,
    ).toBe("error");
    const imp = JSON.parse(
      (await plan(["--from", "HEAD~1", "--policy", "impact", "--json"])).out,
    ) as UpgradePlan;
    expect(imp.upgrade.command).toBe("pos_order_note,retail_pos,retail_reports");
  });

  it("accepts one revision per addons-path entry", async () => {
    const r = await plan(["--from", `addons=${from.addons},oca/pos=${from.oca}`, "--to", "HEAD", "--json"]);
    expect((JSON.parse(r.out) as UpgradePlan).upgrade.order).toHaveLength(4);
  });

  it("prints a table and a summary", async () => {
    const r = await plan(["--from", "HEAD~1"]);
    expect(r.out).toContain("Upgrade order (odoo -u pos_order_note,retail_base,retail_pos,retail_reports):");
    expect(r.out).toMatch(/1 {2}retail_base {2,}changed/);
    expect(r.out).toContain("Strategy: rehearsal");
    expect(r.out).toMatch(/Summary: 1 error\(s\)/);
  });

  it("fails clearly on a revision that does not exist", async () => {
    const r = await plan(["--from", "no-such-rev", "--json"]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^orc: revision 'no-such-rev' does not exist in repository .*addons\n$/);
  });

  it("fails clearly on a missing addons path and on bad usage", async () => {
    const io = bufferIo(work);
    expect(await main(["plan", "--addons-path", "nope", "--series", "17.0", "--from", "HEAD~1"], io)).toBe(2);
    expect(io.errText()).toBe("orc: addons path 'nope' does not exist\n");
    const io2 = bufferIo(work);
    expect(await main(["plan", "--addons-path", "addons", "--series", "15.0", "--changed", "a"], io2)).toBe(
      2,
    );
    expect(io2.errText()).toContain("--series '15.0' is not a supported Odoo series");
    const io3 = bufferIo(work);
    expect(
      await main(
        ["plan", "--addons-path", "addons", "--series", "17.0", "--changed", "a", "--from", "HEAD"],
        io3,
      ),
    ).toBe(2);
    const io4 = bufferIo(work);
    expect(
      await main(
        [
          "plan",
          "--addons-path",
          "addons",
          "--series",
          "17.0",
          "--changed",
          "a",
          "--installed",
          "postgres://u:secret@127.0.0.1:1/x",
        ],
        io4,
      ),
    ).toBe(5);
    expect(io4.errText()).not.toContain("secret");
    expect(io4.errText().split("\n")).toHaveLength(2);
  });
});

describe("orc addons", () => {
  it("check reports a hostile manifest with file, line and column, and exits 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "orc-hostile-"));
    writeFiles(dir, {
      "evil/__manifest__.py":
        "{\n    'name': 'Evil',\n    'version': __import__('os').system('touch /tmp/pwned'),\n}\n",
      "good/__manifest__.py": manifest({ name: "Good", depends: ["evil", "missing_mod"], license: "OPL-1" }),
      "agpl/__manifest__.py": manifest({ name: "AGPL", depends: ["good"], license: "AGPL-3" }),
    });
    const io = bufferIo(dir);
    expect(await main(["addons", "check", "--addons-path", ".", "--series", "16.0"], io)).toBe(1);
    expect(io.outText()).toContain(
      "./evil/__manifest__.py:3:16: error manifest-parse-error: manifest is not a Python literal: call of '__import__' is not allowed in a literal",
    );
    expect(io.outText()).toContain("dependency-missing");
    expect(io.outText()).toContain("license-conflict");
  });

  it("graph draws a module's dependency tree as DOT, Mermaid and JSON", async () => {
    const io = bufferIo(work);
    expect(
      await main(
        [
          "addons",
          "graph",
          "--addons-path",
          "addons,oca/pos",
          "--series",
          "17.0",
          "--installed",
          "installed.json",
          "--module",
          "retail_pos",
        ],
        io,
      ),
    ).toBe(0);
    expect(io.outText()).toContain('"retail_pos" -> "retail_base";');
    const io2 = bufferIo(work);
    await main(
      [
        "addons",
        "graph",
        "--addons-path",
        "addons",
        "--series",
        "17.0",
        "--format",
        "mermaid",
        "--module",
        "retail_pos",
      ],
      io2,
    );
    expect(io2.outText()).toContain("m_retail_pos --> m_retail_base");
    const io3 = bufferIo(work);
    await main(
      [
        "addons",
        "graph",
        "--addons-path",
        "addons",
        "--series",
        "17.0",
        "--format",
        "json",
        "--module",
        "retail_reports",
      ],
      io3,
    );
    expect(JSON.parse(io3.outText()).edges).toEqual([
      { from: "retail_base", to: "stock" },
      { from: "retail_reports", to: "retail_base" },
    ]);
  });
});

describe("orc addons graph --upgrade-set", () => {
  it("draws what `-u` upgrades and installs", async () => {
    const io = bufferIo(work);
    const code = await main(
      [
        "addons",
        "graph",
        "--addons-path",
        "addons,oca/pos",
        "--series",
        "17.0",
        "--installed",
        "installed.json",
        "--format",
        "json",
        "--upgrade-set",
        "retail_base",
      ],
      io,
    );
    expect(code).toBe(0);
    const g = JSON.parse(io.outText()) as { nodes: { name: string }[]; edges: unknown[] };
    expect(g.nodes.map((n) => n.name)).toEqual(["retail_base", "retail_pos", "retail_reports"]);
    expect(g.edges).toEqual([
      { from: "retail_pos", to: "retail_base" },
      { from: "retail_reports", to: "retail_base" },
    ]);
  });
});

describe("an addons-path entry outside git", () => {
  it("is read from disk for both revisions and reported", async () => {
    writeFiles(work, {
      "vendor/vendor_mod/__manifest__.py": manifest({ name: "Vendor", depends: ["base"], license: "LGPL-3" }),
    });
    const io = bufferIo(work);
    const code = await main(
      [
        "plan",
        "--addons-path",
        "addons,oca/pos,vendor",
        "--series",
        "17.0",
        "--installed",
        "installed.json",
        "--from",
        "HEAD~1",
        "--json",
        "--no-cache",
      ],
      io,
    );
    expect(io.errText()).toBe("");
    expect(code).toBe(1);
    const p = JSON.parse(io.outText()) as UpgradePlan;
    expect(p.findings.filter((f) => f.code === "addons-path-not-git").map((f) => f.severity)).toEqual([
      "info",
    ]);
    expect(p.input.changes.kind === "revisions" && p.input.changes.from.map((r) => r.addonsPath)).toEqual([
      "addons",
      "oca/pos",
    ]);
  });

  it("an untracked folder inside a work tree is also read from disk", async () => {
    writeFiles(work, {
      "oca/pos/local/local_mod/__manifest__.py": manifest({
        name: "Local",
        depends: ["base"],
        license: "LGPL-3",
      }),
    });
    const io = bufferIo(work);
    await main(
      [
        "plan",
        "--addons-path",
        "addons,oca/pos/local",
        "--series",
        "17.0",
        "--installed",
        "installed.json",
        "--from",
        "HEAD~1",
        "--json",
        "--no-cache",
      ],
      io,
    );
    const p = JSON.parse(io.outText()) as UpgradePlan;
    expect(p.findings.find((f) => f.code === "addons-path-not-git")?.message).toContain("oca/pos/local");
  });
});
