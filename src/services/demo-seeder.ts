import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { buildPlanFromSources } from "../adapters/addons/index.js";
import type { Estate } from "../domain/estate/index.js";
import { SYSTEM, type Principal } from "../domain/identity/index.js";
import { stableJson } from "../domain/odoo/index.js";
import { PlanDocument, type Release } from "../domain/release/index.js";
import { PACKAGE_ROOT } from "../package-root.js";
import { DEMO_SEEDED_ACTION, lockDemoSeedState, type Db } from "../store/index.js";
import type { AuditLog } from "./audit-log.js";
import { DEMO_RELEASES, type DemoRelease } from "./demo-releases.js";
import type { ReleaseService } from "./release-service.js";

/** The Northwind demo's files: addons, installed state and the export of the real Odoo 16 modules. */
export const DEMO_DIR = join(PACKAGE_ROOT, "examples", "northwind");

/** What seeding did, for the log line and the tests. */
export type DemoSeedOutcome =
  | { readonly seeded: true; readonly releases: readonly SeededRelease[]; readonly ms: number }
  | {
      readonly seeded: false;
      readonly reason: "off" | "not-demo-estate" | "store-has-releases" | "already-seeded" | "failed";
      readonly ms: number;
    };

export interface SeededRelease {
  readonly id: number;
  readonly state: Release["state"];
  readonly summary: string;
}

/** Everything seeding needs; `releases` is the server's real service, so the rules and the audit apply. */
export interface DemoSeedDeps {
  readonly db: Db;
  readonly audit: AuditLog;
  readonly releases: ReleaseService;
  readonly estate: Estate;
  readonly now: () => Date;
  /** @default DEMO_RELEASES */
  readonly definitions?: readonly DemoRelease[];
}

/** The estate's person `user` acting in the seed (actor `user:<name> (token demo-seed)` in the audit). */
function person(estate: Estate, user: string): Principal {
  const found = estate.roles.users.find((u) => u.name === user);
  if (!found) throw new Error(`demo person ${user} is not in the estate`);
  return { user, roles: found.roles, via: "token", credentialId: "demo-seed" };
}

/** Plans a demo release with the real planner, from the demo addons on disk (never hand-written). */
async function planFor(def: DemoRelease): Promise<PlanDocument> {
  const plan = await buildPlanFromSources({
    series: def.plan.series,
    addonsPaths: ["addons"],
    changes: { kind: "explicit", modules: def.plan.changed },
    installed: "installed.json",
    dependencies: "odoo16-modules.json",
    cwd: DEMO_DIR,
  });
  return PlanDocument.parse(JSON.parse(stableJson(plan)));
}

const HOUR_MS = 3_600_000;

/**
 * The first start, from one day after now (the standard tier's notice), that the decision for the
 * approved release allows besides its not being scheduled: each refusal names the next start to try.
 */
async function nextAllowedStart(releases: ReleaseService, id: number, now: Date): Promise<Date> {
  let at = new Date(Math.ceil((now.getTime() + 24 * HOUR_MS) / HOUR_MS) * HOUR_MS);
  for (let i = 0; i < 30; i++) {
    const d = await releases.decision(id, { at });
    const blocking = d.reasons.filter((r) => r.blocking && r.code !== "release-not-scheduled");
    if (blocking.length === 0) return at;
    const candidates = d.environments.flatMap((e) => (e.next ? [Date.parse(e.next)] : []));
    for (const r of blocking) {
      const earliest = r.details?.earliestStart;
      if (typeof earliest === "string") candidates.push(Date.parse(earliest));
    }
    const next = Math.max(...candidates.filter((t) => t > at.getTime()), at.getTime() + HOUR_MS);
    at = new Date(next);
  }
  throw new Error(`no start found for demo release ${id} within 30 tries`);
}

/**
 * Seeds the demo releases through the real {@link ReleaseService} when the store has no release and
 * never had the demo seeded. The claim (an advisory lock, then the `demo.seeded` audit event as the
 * durable marker, in one transaction) makes it happen once, across restarts and replicas.
 */
export async function seedDemoReleases(deps: DemoSeedDeps): Promise<DemoSeedOutcome> {
  const t0 = performance.now();
  const ms = () => Math.round(performance.now() - t0);
  const definitions = deps.definitions ?? DEMO_RELEASES;
  const { estate, releases, now } = deps;
  // A restart (the usual case) answers without planning.
  const before = await deps.db.transaction((tx) => lockDemoSeedState(tx));
  if (before.seeded) return { seeded: false, reason: "already-seeded", ms: ms() };
  if (before.hasReleases) return { seeded: false, reason: "store-has-releases", ms: ms() };
  // Plan before claiming: a broken demo directory must not leave a marker without releases.
  const plans = await Promise.all(definitions.map((d) => planFor(d)));
  const claimed = await deps.db.transaction(async (tx) => {
    const state = await lockDemoSeedState(tx);
    if (state.seeded) return "already-seeded" as const;
    if (state.hasReleases) return "store-has-releases" as const;
    await deps.audit.record(tx, {
      actor: "system",
      action: DEMO_SEEDED_ACTION,
      subjectType: "server",
      subjectId: "demo",
      payload: { estate: estate.organization.id, releases: definitions.length, by: SYSTEM.user },
    });
    return "claimed" as const;
  });
  if (claimed !== "claimed") return { seeded: false, reason: claimed, ms: ms() };

  const out: SeededRelease[] = [];
  for (const [i, def] of definitions.entries()) {
    const plan = plans[i] as PlanDocument;
    let release = await releases.create({ ...def.request, plan }, person(estate, def.requester));
    for (const step of def.steps) {
      const by = person(estate, step.by);
      switch (step.kind) {
        case "submit":
          release = await releases.submit(release.id, by);
          break;
        case "evidence": {
          const file = join(PACKAGE_ROOT, "src", "domain", "evidence", "samples", step.sample);
          await releases.addEvidence(
            release.id,
            {
              type: step.type,
              fileName: step.sample.split("/").pop() ?? step.sample,
              content: readFileSync(file, "utf8"),
            },
            by,
          );
          break;
        }
        case "approve":
          release = (
            await releases.vote(
              release.id,
              "approve",
              {
                planHash: release.planHash,
                imageDigest: release.imageDigest,
                role: step.role,
                comment: step.comment,
              },
              by,
            )
          ).release;
          break;
        case "schedule": {
          const start = await nextAllowedStart(releases, release.id, now());
          release = (await releases.schedule(release.id, start, by)).release;
          break;
        }
      }
    }
    if (release.state !== def.state)
      throw new Error(`demo release ${release.id} ended ${release.state}, expected ${def.state}`);
    out.push({ id: release.id, state: release.state, summary: release.summary });
  }
  return { seeded: true, releases: out, ms: ms() };
}
