/**
 * Benchmark of the Odoo release planner (`npm run bench:planner`); prints figures, asserts nothing.
 *
 * Generates an addons path of 5,000 modules (16 dependency layers, so depth ≥ 16; realistic manifests
 * and ~14 files per module) in a git repository with two revisions touching 20 modules, then measures:
 *   1. a full scan + plan, cold (no scan cache);
 *   2. a plan between the two revisions with a warm scan cache;
 *   3. peak memory (max RSS);
 *   4. a baseline reading the same manifests with python3's `ast.literal_eval`, and the ratio.
 */
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { buildPlanFromSources, flushScanCaches } from "../src/adapters/addons/index.js";
import { readManifest } from "../src/domain/odoo/index.js";

const MODULES = 5000;
const LAYERS = 16;
const SERIES = "17.0" as const;

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    maxBuffer: 1 << 30,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "bench",
      GIT_AUTHOR_EMAIL: "b@example.test",
      GIT_COMMITTER_NAME: "bench",
      GIT_COMMITTER_EMAIL: "b@example.test",
    },
  })
    .toString()
    .trim();
}

/** A deterministic pseudo-random generator, so every run generates the same tree. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function name(i: number): string {
  return `retail_mod_${String(i).padStart(4, "0")}`;
}

function layerOf(i: number): number {
  return i % LAYERS;
}

function manifestText(i: number, depends: string[], version: string): string {
  const data = [
    "security/ir.model.access.csv",
    "views/views.xml",
    "views/menus.xml",
    "data/data.xml",
    "report/report.xml",
  ];
  return `# -*- coding: utf-8 -*-
# Copyright 2026 Nordlicht Handels GmbH
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Retail module ${i}",
    "summary": """Store operations, part ${i}""",
    "version": "${version}",
    "category": 'Sales/Point of Sale',
    "website": "https://example.test/retail",
    "author": "Nordlicht Handels GmbH, Odoo Community Association (OCA)",
    "maintainers": ["retail-team"],
    "license": "LGPL-3",
    "development_status": "Production/Stable",
    "application": ${i % 50 === 0 ? "True" : "False"},
    "installable": True,
    "auto_install": False,
    "depends": [
${depends.map((d) => `        "${d}",`).join("\n")}
    ],
    "external_dependencies": {"python": ["requests"], "bin": []},
    "data": [
${data.map((d) => `        "${d}",  # loaded on -u`).join("\n")}
    ],
    "demo": ["demo/demo.xml"],
    "assets": {
        "web.assets_backend": [
            "${name(i)}/static/src/js/widget.js",
            "${name(i)}/static/src/scss/style.scss",
        ],
    },
    'description': '''
Retail module ${i}
==================
Adds \\"store\\" features.
''',
}
`;
}

function modelText(i: number, extraField: boolean): string {
  return `from odoo import api, fields, models


class RetailThing${i}(models.Model):
    _name = "retail.thing.${i}"
    _description = "Retail thing ${i}"
    _order = "name"

    name = fields.Char(required=True)
    code = fields.Char(index=True)
    amount = fields.Float(digits=(16, 2))
    partner_id = fields.Many2one("res.partner", ondelete="restrict")
${extraField ? '    note = fields.Text(string="Note")\n' : ""}
    @api.depends("amount")
    def _compute_total(self):
        for rec in self:
            rec.amount = rec.amount or 0.0
`;
}

function generate(root: string): { addons: string; installed: string } {
  const addons = join(root, "addons");
  mkdirSync(addons, { recursive: true });
  const rand = rng(42);
  const byLayer: string[][] = Array.from({ length: LAYERS }, () => []);
  for (let i = 0; i < MODULES; i++) byLayer[layerOf(i)]?.push(name(i));
  const installed: Record<string, string> = {
    base: "17.0.1.3",
    web: "17.0.1.0",
    mail: "17.0.1.15",
    stock: "17.0.1.1",
  };
  const deps: Record<string, string[]> = {};
  for (let i = 0; i < MODULES; i++) {
    const layer = layerOf(i);
    let depends: string[];
    if (layer === 0) depends = ["stock"];
    else {
      const prev = byLayer[layer - 1] as string[];
      const set = new Set<string>();
      const n = 1 + Math.floor(rand() * 3);
      for (let k = 0; k < n; k++) set.add(prev[Math.floor(rand() * prev.length)] as string);
      if (rand() < 0.3) set.add("mail");
      depends = [...set].sort();
    }
    deps[name(i)] = depends;
    const dir = join(addons, name(i));
    const files: Record<string, string> = {
      "__init__.py": "from . import models\n",
      "__manifest__.py": manifestText(i, depends, "17.0.1.0.0"),
      "models/__init__.py": "from . import thing\n",
      "models/thing.py": modelText(i, false),
      "security/ir.model.access.csv": `id,name,model_id:id,group_id:id,perm_read\naccess_${i},access,model_retail_thing_${i},base.group_user,1\n`,
      "views/views.xml": `<odoo><record id="view_${i}" model="ir.ui.view"><field name="name">thing ${i}</field></record></odoo>\n`,
      "views/menus.xml": "<odoo/>\n",
      "data/data.xml": "<odoo/>\n",
      "report/report.xml": "<odoo/>\n",
      "demo/demo.xml": "<odoo/>\n",
      "i18n/de.po": 'msgid ""\nmsgstr ""\n',
      "static/src/js/widget.js": `/** @odoo-module **/\nexport const x${i} = ${i};\n`,
      "static/src/scss/style.scss": `.o_thing_${i} { color: red; }\n`,
      "tests/test_thing.py": "from odoo.tests import TransactionCase\n",
    };
    if (i % 10 === 0)
      files["migrations/17.0.1.0.0/post-migrate.py"] = "def migrate(cr, version):\n    pass\n";
    for (const [p, content] of Object.entries(files)) {
      const full = join(dir, p);
      mkdirSync(join(full, ".."), { recursive: true });
      writeFileSync(full, content);
    }
    installed[name(i)] = "17.0.1.0.0";
  }
  const installedFile = join(root, "installed.json");
  writeFileSync(installedFile, JSON.stringify(installed));
  return { addons, installed: installedFile };
}

/** Changes 20 modules: 10 gain a field, 5 change a view, 5 bump their version. */
function change(addons: string): string[] {
  const touched: string[] = [];
  for (let k = 0; k < 20; k++) {
    const i = 137 + k * 211;
    const dir = join(addons, name(i));
    touched.push(name(i));
    if (k < 10) writeFileSync(join(dir, "models/thing.py"), modelText(i, true));
    else if (k < 15) writeFileSync(join(dir, "views/views.xml"), `<odoo><!-- v2 --></odoo>\n`);
    else {
      const m = readFileSync(join(dir, "__manifest__.py"), "utf8").replace(
        '"version": "17.0.1.0.0"',
        '"version": "17.0.1.1.0"',
      );
      writeFileSync(join(dir, "__manifest__.py"), m);
    }
  }
  return touched;
}

/** User + system CPU time of this process (not of the git processes it starts), in ms. */
function cpuMs(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1000;
}

function ms(t: number): string {
  return `${t.toFixed(0)} ms`;
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), "orc-bench-planner-"));
  try {
    const t0 = performance.now();
    const { addons, installed } = generate(root);
    git(addons, "init", "-q", "-b", "main");
    git(addons, "config", "gc.auto", "0");
    git(addons, "add", "-A");
    git(addons, "commit", "-q", "-m", "deployed");
    change(addons);
    git(addons, "add", "-A");
    git(addons, "commit", "-q", "-m", "release");
    const fileCount = Number(git(addons, "ls-files").split("\n").length);
    console.log(
      `generated ${MODULES} modules, ${fileCount} files, ${LAYERS} dependency layers in ${ms(performance.now() - t0)} (not measured)`,
    );

    // 1. Cold: full scan of the addons path from disk + plan, no scan cache.
    const coldCache = join(root, "cache-cold");
    let cpu = process.cpuUsage();
    let t = performance.now();
    const cold = await buildPlanFromSources({
      series: SERIES,
      addonsPaths: [addons],
      changes: { kind: "explicit", modules: [name(8 * LAYERS + 8)] },
      installed,
      cacheDir: coldCache,
    });
    const coldMs = performance.now() - t;
    const coldCpu = cpuMs(process.cpuUsage(cpu));
    const maxDepth = Math.max(...cold.upgrade.order.map((e) => e.depth), 0);
    console.log(
      `1. full scan + plan, cold:            ${ms(coldMs)}  (target < 1500 ms; CPU time of orc itself ${ms(coldCpu)}; upgrade set ${cold.upgrade.order.length}, max depth ${maxDepth})`,
    );

    // 2. Warm: a cache of the previous scan (the deployed revision) exists; plan deployed → release.
    // Measured three times, each from its own copy of that cache (the machine is shared: median too).
    const warmCache = join(root, "cache-warm");
    await buildPlanFromSources({
      series: SERIES,
      addonsPaths: [addons],
      changes: { kind: "revisions", from: "HEAD~1", to: "HEAD~1" },
      installed,
      cacheDir: warmCache,
    });
    await flushScanCaches(); // the previous scan's cache is on disk
    const warmTimes: number[] = [];
    const warmCpu: number[] = [];
    let warm: Awaited<ReturnType<typeof buildPlanFromSources>> | undefined;
    for (let k = 0; k < 3; k++) {
      const dir = join(root, `cache-warm-${k}`);
      mkdirSync(dir, { recursive: true });
      copyFileSync(join(warmCache, `git-scan-${SERIES}.json`), join(dir, `git-scan-${SERIES}.json`));
      cpu = process.cpuUsage();
      t = performance.now();
      warm = await buildPlanFromSources({
        series: SERIES,
        addonsPaths: [addons],
        changes: { kind: "revisions", from: "HEAD~1", to: "HEAD" },
        installed,
        cacheDir: dir,
      });
      warmTimes.push(performance.now() - t);
      warmCpu.push(cpuMs(process.cpuUsage(cpu)));
    }
    const sortedWarm = [...warmTimes].sort((a, b) => a - b);
    console.log(
      `2. plan between revisions, warm cache: ${ms(warmTimes[0] as number)} first, ${ms(sortedWarm[1] as number)} median of 3  (target < 250 ms; CPU time of orc itself ${warmCpu.map((c) => ms(c)).join(", ")}; ${warm?.changed.length} changed modules, upgrade set ${warm?.upgrade.order.length}, impact ${warm?.impact.overall})`,
    );
    t = performance.now();
    await buildPlanFromSources({
      series: SERIES,
      addonsPaths: [addons],
      changes: { kind: "revisions", from: "HEAD~1", to: "HEAD" },
      installed,
      cacheDir: join(root, "cache-none"),
    });
    console.log(`   (same plan between revisions without a cache: ${ms(performance.now() - t)})`);

    // 3. Peak memory.
    const peakMb = process.resourceUsage().maxRSS / 1024;
    console.log(
      `   (machine load average during the run: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")} on ${availableParallelism()} cores)`,
    );
    console.log(`3. peak memory (max RSS):             ${peakMb.toFixed(0)} MB  (target < 400 MB)`);

    // 4. Baseline: python3 reading the same manifests with ast.literal_eval.
    const py = `
import ast, os, sys, time
root = sys.argv[1]
t = time.perf_counter()
n = 0
for name in sorted(os.listdir(root)):
    p = os.path.join(root, name, "__manifest__.py")
    if os.path.isfile(p):
        with open(p, encoding="utf-8") as f:
            ast.literal_eval(f.read())
        n += 1
print(n, (time.perf_counter() - t) * 1000)
`;
    const [pyCount, pyMsText] = execFileSync("python3", ["-c", py, addons]).toString().trim().split(" ");
    const pyMs = Number(pyMsText);
    t = performance.now();
    let n = 0;
    for (const dir of readdirSync(addons).sort()) {
      let text: string;
      try {
        text = readFileSync(join(addons, dir, "__manifest__.py"), "utf8");
      } catch {
        continue;
      }
      readManifest(text, { module: dir, file: dir, series: SERIES });
      n++;
    }
    const ourMs = performance.now() - t;
    console.log(
      `4. reading ${n} manifests: orc ${ms(ourMs)}, python3 ast.literal_eval ${ms(pyMs)} (${pyCount} manifests)`,
    );
    console.log(
      `   ratio python3 / orc = ${(pyMs / ourMs).toFixed(2)}x  (orc parse also applies Odoo's defaults and version rules)`,
    );
    console.log(
      `   full cold scan + plan vs python3 manifest reading alone: ${(coldMs / pyMs).toFixed(2)}x the python3 time`,
    );
  } finally {
    if (process.env.ORC_BENCH_KEEP) console.log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true, maxRetries: 5 });
  }
}

await main();
