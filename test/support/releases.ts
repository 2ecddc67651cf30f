import { readFileSync } from "node:fs";
import { planOf, type PlanKind } from "../../src/domain/release/test-support/fixtures.js";
import type { TestServer } from "./server.js";

/** The demo estate's people, each with the roles the estate gives them, plus a viewer. */
export const PEOPLE = {
  alice: ["release-manager", "engineer"],
  bruno: ["release-manager"],
  chen: ["approver", "cab"],
  dana: ["cab"],
  elif: ["cab", "approver"],
  farid: ["engineer"],
  grace: ["engineer"],
  hugo: ["auditor"],
  vera: ["viewer"],
  ines: ["admin"],
} as const;
export type Person = keyof typeof PEOPLE;

/** Creates an API token for every person of {@link PEOPLE}. */
export async function tokensFor(t: TestServer): Promise<Record<Person, string>> {
  const out: Partial<Record<Person, string>> = {};
  for (const [user, roles] of Object.entries(PEOPLE)) {
    const r = await t.call("POST", "/api/v1/tokens", t.adminToken, { user, roles });
    if (r.status !== 201) throw new Error(`token for ${user}: ${JSON.stringify(r.body)}`);
    out[user as Person] = r.body.token;
  }
  return out as Record<Person, string>;
}

/** A release request body for the demo estate: staging then prod of northwind-eu, a plan of `planKind`. */
export function releaseBody(over: Record<string, unknown> & { planKind?: PlanKind } = {}) {
  const { planKind, ...rest } = over;
  return {
    tenant: "northwind-eu",
    environments: ["staging", "prod"],
    addons: [{ name: "northwind-retail", revision: "3f2a9c1d" }],
    imageDigest: `sha256:${"ab".repeat(32)}`,
    plan: planOf(planKind ?? "rolling"),
    tier: "standard",
    summary: "POS order sync: keep the fiscal position on refunds",
    rollbackIntent: { strategy: "restore-backup", notes: "restore nw_eu_prod from the pre-release backup" },
    duration: "PT1H",
    authors: ["grace"],
    ...rest,
  };
}

/** The text of an evidence sample committed beside the parsers. */
export function evidenceSample(path: string): string {
  return readFileSync(new URL(`../../src/domain/evidence/samples/${path}`, import.meta.url), "utf8");
}

/** A clean SARIF log (ESLint, no results). */
export { CLEAN_SARIF } from "../../src/domain/release/test-support/evidence.js";

/**
 * Creates a release as farid, submits it, has alice (release-manager) approve it, uploads passing
 * tests and image scan, and schedules it at `start`, all through the API; returns its id.
 */
export async function scheduledRelease(
  t: TestServer,
  tok: Record<Person, string>,
  over: Parameters<typeof releaseBody>[0],
  start: string,
): Promise<number> {
  const must = async (r: Promise<{ status: number; body: any }>, status: number) => {
    const res = await r;
    if (res.status !== status) throw new Error(`HTTP ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const created = await must(t.call("POST", "/api/v1/releases", tok.farid, releaseBody(over)), 201);
  const id = created.id as number;
  await must(t.call("POST", `/api/v1/releases/${id}/submit`, tok.farid), 200);
  await must(
    t.call("POST", `/api/v1/releases/${id}/approve`, tok.alice, {
      planHash: created.planHash,
      imageDigest: created.imageDigest,
    }),
    200,
  );
  for (const [type, fileName, content] of [
    ["junit", "junit.xml", evidenceSample("junit/pytest-passing.xml")],
    ["trivy", "trivy.json", evidenceSample("trivy/clean-image.json")],
  ] as const) {
    await must(
      t.call("POST", `/api/v1/releases/${id}/evidence`, tok.farid, { type, fileName, content }),
      201,
    );
  }
  await must(t.call("POST", `/api/v1/releases/${id}/schedule`, tok.farid, { start }), 200);
  return id;
}
