import type { Queryable } from "./db.js";

/** The audit action that records the demo data being seeded: the durable "done" marker. */
export const DEMO_SEEDED_ACTION = "demo.seeded";

/** What the store holds that decides whether the demo releases may be seeded. */
export interface DemoSeedState {
  /** At least one release exists (seeded or made by people): the store is not empty. */
  readonly hasReleases: boolean;
  /** The audit trail records an earlier seeding (sealed or still pending). */
  readonly seeded: boolean;
}

/**
 * Takes the transaction-scoped advisory lock that serializes demo seeding across replicas, then reads
 * the {@link DemoSeedState} under it: two replicas starting together queue here, and the second sees
 * the first one's marker. One statement reads both tables of the trail, so an event being sealed
 * (moved from `audit_pending` to `audit_event`) is seen in exactly one of them.
 */
export async function lockDemoSeedState(tx: Queryable): Promise<DemoSeedState> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('orc:demo-seed', 0))`);
  const { rows } = await tx.query<{ has_releases: boolean; seeded: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM release) AS has_releases,
            (EXISTS (SELECT 1 FROM audit_event WHERE action = $1)
              OR EXISTS (SELECT 1 FROM audit_pending WHERE action = $1)) AS seeded`,
    [DEMO_SEEDED_ACTION],
  );
  const row = rows[0];
  return { hasReleases: row?.has_releases ?? false, seeded: row?.seeded ?? false };
}
