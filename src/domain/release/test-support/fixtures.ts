// Test support only (imported by tests, never by the domain): the Northwind demo estate, real plan
// documents made by the planner for each rollout strategy, and releases built from them.
import { readFileSync } from "node:fs";
import type { Estate } from "../../estate/estate.js";
import { validateEstateText } from "../../estate/validate-estate.js";
import { readManifest } from "../../odoo/manifest.js";
import type { AddonSnapshot, ChangedFile, InstalledState } from "../../odoo/plan-input.js";
import { stableJson } from "../../odoo/stable-json.js";
import { planRelease } from "../../odoo/upgrade-plan.js";
import { PlanDocument, planHash } from "../plan-document.js";
import type { Release } from "../release.js";

let estate: Estate | undefined;

/** The demo estate, `examples/northwind/estate.yaml`, validated. */
export function northwindEstate(): Estate {
  if (estate) return estate;
  const file = new URL("../../../../examples/northwind/estate.yaml", import.meta.url);
  const result = validateEstateText(readFileSync(file, "utf8"), "estate.yaml");
  if (!result.ok) throw new Error(`demo estate invalid: ${JSON.stringify(result.diagnostics)}`);
  estate = result.estate;
  return estate;
}

function snap(name: string, depends: string[], version = "17.0.1.0.0"): AddonSnapshot {
  const deps = depends.map((d) => `'${d}'`).join(", ");
  return {
    name,
    addonsPath: "addons",
    manifestFile: "__manifest__.py",
    manifest: readManifest(
      `{'name': '${name}', 'version': '${version}', 'depends': [${deps}], 'license': 'LGPL-3'}`,
      {
        module: name,
        file: `addons/${name}/__manifest__.py`,
        series: "17.0",
      },
    ),
    migrationFolders: [],
  };
}

const installed: InstalledState = {
  source: "file",
  label: "installed.json",
  hasDependencies: false,
  modules: {
    base: { state: "installed", latestVersion: "17.0.1.3" },
    point_of_sale: { state: "installed", latestVersion: "17.0.1.0.1" },
    pos_order_mgmt: { state: "installed", latestVersion: "17.0.1.0.2" },
    northwind_pos_sync: { state: "installed", latestVersion: "17.0.3.1.4" },
  },
};

const target = [
  snap("base", []),
  snap("point_of_sale", ["base"], "17.0.1.0.1"),
  snap("pos_order_mgmt", ["point_of_sale"], "17.0.1.0.2"),
  snap("northwind_pos_sync", ["pos_order_mgmt"], "17.0.3.1.4"),
];

/** Plan kinds the tests use, named by the rollout strategy the planner derives. */
export type PlanKind = "rolling" | "maintenance-window" | "rehearsal" | "errors";

const changes: Record<Exclude<PlanKind, "errors">, ChangedFile[]> = {
  // Python logic only: code-only impact, rolling restart.
  rolling: [
    { addonsPath: "addons", module: "northwind_pos_sync", path: "models/sync.py", status: "modified" },
  ],
  // A view changes: data impact, -u in a maintenance window.
  "maintenance-window": [
    { addonsPath: "addons", module: "pos_order_mgmt", path: "views/pos_order_views.xml", status: "modified" },
  ],
  // A field is removed: a rehearsal on a production copy first.
  rehearsal: [
    {
      addonsPath: "addons",
      module: "pos_order_mgmt",
      path: "models/pos_order.py",
      status: "modified",
      models: {
        before: {
          models: {
            "pos.order": { defines: false, fields: { legacy_ref: "Char()", note: "Text()" }, attributes: {} },
          },
        },
        after: { models: { "pos.order": { defines: false, fields: { note: "Text()" }, attributes: {} } } },
      },
    },
  ],
};

/** A real plan document (`orc plan --json`, parsed back) whose strategy is `kind`. */
export function planOf(kind: PlanKind, series: "16.0" | "17.0" = "17.0"): PlanDocument {
  const plan = planRelease({
    series,
    policy: "changed",
    addonsPaths: ["addons"],
    target,
    changes:
      kind === "errors"
        ? { kind: "explicit", modules: ["northwind_missing"] }
        : { kind: "revisions", from: [], to: [], files: changes[kind] },
    installed,
  });
  return PlanDocument.parse(JSON.parse(stableJson(plan)));
}

/** A release of the demo estate, submitted by farid, with a plan of `kind`; fields can be overridden. */
export function releaseOf(overrides: Partial<Release> & { planKind?: PlanKind } = {}): Release {
  const { planKind, ...rest } = overrides;
  const plan = rest.plan ?? planOf(planKind ?? "rolling");
  return {
    id: 42,
    version: 1,
    tenant: "northwind-eu",
    environments: ["northwind-eu/staging", "northwind-eu/prod"],
    addons: [{ name: "northwind-retail", revision: "3f2a9c1" }],
    imageDigest: `sha256:${"ab".repeat(32)}`,
    plan,
    planHash: planHash(plan),
    tier: "standard",
    summary: "POS order sync fix",
    rollbackIntent: { strategy: "restore-backup", notes: "" },
    duration: "PT1H",
    requester: "farid",
    authors: ["grace"],
    state: "submitted",
    createdAt: "2026-11-01T09:00:00.000Z",
    updatedAt: "2026-11-01T09:00:00.000Z",
    submittedAt: "2026-11-01T09:00:00.000Z",
    ...rest,
  };
}
