import type { EvidenceType } from "../domain/evidence/index.js";
import type { OdooSeries } from "../domain/odoo/index.js";
import type { ReleaseRequest, ReleaseState } from "../domain/release/index.js";

/** What happens to a demo release after it is created, in order, each step by one of the estate's people. */
export type DemoStep =
  | { readonly kind: "submit"; readonly by: string }
  | { readonly kind: "evidence"; readonly by: string; readonly type: EvidenceType; readonly sample: string }
  | { readonly kind: "approve"; readonly by: string; readonly role: string; readonly comment: string }
  /** Schedules at the first start the decision allows (calendar, lead time, gates), searched from now. */
  | { readonly kind: "schedule"; readonly by: string };

/**
 * One demo release: who asks for it, the modules whose upgrade the planner plans (from the demo addons
 * in `examples/northwind/addons`, at seed time), the request without its plan, and what follows.
 */
export interface DemoRelease {
  readonly requester: string;
  readonly plan: { readonly series: OdooSeries; readonly changed: readonly string[] };
  readonly request: Omit<ReleaseRequest, "plan">;
  readonly steps: readonly DemoStep[];
  /** The state the steps leave it in (checked after seeding). */
  readonly state: ReleaseState;
}

/** Production in APAC runs Odoo 16.0 from this image (as the demo estate pins it). */
const APAC_PROD_16 = "sha256:176dd733b100b265b36b7c52c06cc9d3590b939d09fd4871dfc68040a1521197";
/** The Odoo 17.0 image APAC staging already runs, the target of the production upgrade. */
const APAC_STAGING_17 = "sha256:d680926f4da4cb4852852d2b3938da9a947ab71d1f4b8e3df1fc1d0fa3f511e8";

const addons = (revision: string) => [{ name: "northwind-retail", revision }];

/**
 * The releases seeded on first start of the Northwind demo, one per state a release manager meets in a
 * week: ids 1 to 5 on an empty store, in this order.
 */
export const DEMO_RELEASES: readonly DemoRelease[] = [
  {
    requester: "farid",
    plan: { series: "16.0", changed: ["northwind_reports"] },
    request: {
      tenant: "northwind-apac",
      environments: ["prod"],
      addons: addons("5e0c2b7a91d4f3e8a6b2c1d0e9f8a7b6c5d4e3f2"),
      imageDigest: APAC_PROD_16,
      tier: "standard",
      summary: "Store daily report: rewards points issued and stock count variances per store",
      rollbackIntent: {
        strategy: "redeploy-previous",
        notes: "the report is a SQL view, rebuilt by the previous revision's -u",
      },
      duration: "PT1H",
      authors: ["farid"],
    },
    steps: [],
    state: "draft",
  },
  {
    requester: "grace",
    plan: { series: "16.0", changed: ["northwind_loyalty"] },
    request: {
      tenant: "northwind-apac",
      environments: ["prod"],
      addons: addons("a3f9e1c7d5b2049e8f6a1c3d5e7b9f0a2c4e6d8b"),
      imageDigest: APAC_PROD_16,
      tier: "standard",
      summary: "Northwind Rewards: double points for members during the 12.12 sale",
      rollbackIntent: { strategy: "redeploy-previous", notes: "" },
      duration: "PT1H",
      authors: ["grace"],
    },
    steps: [{ kind: "submit", by: "grace" }],
    state: "submitted",
  },
  {
    requester: "grace",
    plan: { series: "16.0", changed: ["northwind_stock_count"] },
    request: {
      tenant: "northwind-apac",
      environments: ["prod"],
      addons: addons("c81d4e2f6a9b3c5d7e1f0a2b4c6d8e0f1a3b5c7d"),
      imageDigest: APAC_PROD_16,
      tier: "standard",
      summary: "Stock count: blind counts and variance approval for the year-end store count",
      rollbackIntent: {
        strategy: "restore-backup",
        notes: "restore nw_apac_prod from the pre-release backup; counts in progress are re-entered",
      },
      duration: "PT1H",
      authors: ["grace", "farid"],
    },
    steps: [
      { kind: "submit", by: "grace" },
      { kind: "evidence", by: "ci-bot", type: "junit", sample: "junit/xmlrunner-single-suite.xml" },
      { kind: "evidence", by: "ci-bot", type: "trivy", sample: "trivy/odoo-17-image.json" },
      {
        kind: "approve",
        by: "alice",
        role: "release-manager",
        comment: "fine once CI is green: the stock reservation test and the image scan must pass",
      },
    ],
    state: "approved",
  },
  {
    requester: "farid",
    plan: { series: "16.0", changed: ["northwind_receipt_branding"] },
    request: {
      tenant: "northwind-apac",
      environments: ["prod"],
      addons: addons("07b3d5f9e1a2c4b6d8f0e2a4c6b8d0f2a4c6e8b1"),
      imageDigest: APAC_PROD_16,
      tier: "standard",
      summary: "Receipt branding: the new Northwind logo on printed receipts for the Christmas campaign",
      rollbackIntent: {
        strategy: "redeploy-previous",
        notes: "assets only; the previous image restores them",
      },
      duration: "PT1H",
      authors: ["farid"],
    },
    steps: [
      { kind: "submit", by: "farid" },
      { kind: "evidence", by: "ci-bot", type: "junit", sample: "junit/pytest-passing.xml" },
      { kind: "evidence", by: "ci-bot", type: "trivy", sample: "trivy/clean-image.json" },
      { kind: "approve", by: "bruno", role: "release-manager", comment: "tests and scan green" },
      { kind: "schedule", by: "farid" },
    ],
    state: "scheduled",
  },
  {
    requester: "alice",
    // The series upgrade: `-u base` on 17.0 upgrades every installed module (Northwind's addons keep
    // `x.y.z` versions, which Odoo reads in each series).
    plan: { series: "17.0", changed: ["base"] },
    request: {
      tenant: "northwind-apac",
      environments: ["prod"],
      addons: addons("release/2025.12"),
      imageDigest: APAC_STAGING_17,
      tier: "major",
      summary: "Upgrade APAC production from Odoo 16.0 to 17.0, as rehearsed on staging",
      rollbackIntent: {
        strategy: "restore-backup",
        notes: "restore the verified 16.0 backup of nw_apac_prod and redeploy the 16.0 image",
      },
      duration: "PT4H",
      authors: ["grace", "farid"],
    },
    steps: [
      { kind: "submit", by: "alice" },
      {
        kind: "approve",
        by: "bruno",
        role: "release-manager",
        comment: "rehearsal on staging took 3 h 10 min; fits the Tuesday night window",
      },
      {
        kind: "approve",
        by: "chen",
        role: "cab",
        comment: "approved for finance: month-end is not affected",
      },
    ],
    state: "submitted",
  },
];
