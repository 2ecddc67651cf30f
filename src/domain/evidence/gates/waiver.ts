import { z } from "zod";
import { UserName } from "../../estate/index.js";

/** Gates whose blockers can be waived; failing tests and rehearsals cannot be. */
export const WAIVABLE_GATES = ["image-scan", "sast", "sbom-license"] as const;
export const WaivableGate = z.enum(WAIVABLE_GATES);
export type WaivableGate = z.infer<typeof WaivableGate>;

/**
 * An accepted risk: one blocker of a gate let through by a named owner, for a reason, until an
 * expiry. `subject` is a vulnerability id (`CVE-2023-45853`) for `image-scan`, a rule id
 * (`py/sql-injection`) for `sast` (and for SARIF image scans), and a component (`name`,
 * `name@version` or purl) for `sbom-license`. Compared without regard to case.
 */
export const Waiver = z.object({
  gate: WaivableGate,
  subject: z.string().min(1),
  owner: UserName,
  reason: z.string().min(1),
  /** The waiver stops counting at this instant. */
  expiresAt: z.iso.datetime({ offset: true }),
  createdAt: z.iso.datetime({ offset: true }).optional(),
});
export type Waiver = z.infer<typeof Waiver>;

/** True while `now` is before the waiver's expiry. */
export function isWaiverActive(waiver: Waiver, now: Date): boolean {
  return now.getTime() < Date.parse(waiver.expiresAt);
}

/** A blocker and the waiver that lets it through (or that expired). */
export interface WaiverMatch<B> {
  readonly blocker: B;
  readonly waiver: Waiver;
}

/** Blockers split by waivers: still blocking, waived by an active waiver, and blocking with an expired one. */
export interface WaiverOutcome<B> {
  readonly open: readonly B[];
  readonly waived: readonly WaiverMatch<B>[];
  /** Blockers whose only matching waivers have expired (they are also in `open`). */
  readonly expired: readonly WaiverMatch<B>[];
}

function byPreference(a: Waiver, b: Waiver): number {
  return (
    Date.parse(b.expiresAt) - Date.parse(a.expiresAt) ||
    a.owner.localeCompare(b.owner) ||
    a.reason.localeCompare(b.reason)
  );
}

/**
 * Applies waivers of `gate` to blockers, each identified by its keys. Among several matching waivers
 * the active one expiring last counts; when all have expired, the one that expired last is named.
 * Independent of the order of `waivers`.
 */
export function applyWaivers<B>(
  gate: WaivableGate,
  blockers: readonly B[],
  keysOf: (blocker: B) => readonly string[],
  waivers: readonly Waiver[],
  now: Date,
): WaiverOutcome<B> {
  const relevant = waivers.filter((w) => w.gate === gate);
  const open: B[] = [];
  const waived: WaiverMatch<B>[] = [];
  const expired: WaiverMatch<B>[] = [];
  for (const blocker of blockers) {
    const keys = new Set(keysOf(blocker).map((k) => k.toLowerCase()));
    const matching = relevant.filter((w) => keys.has(w.subject.toLowerCase())).sort(byPreference);
    const active = matching.find((w) => isWaiverActive(w, now));
    if (active) {
      waived.push({ blocker, waiver: active });
      continue;
    }
    open.push(blocker);
    const last = matching[0];
    if (last) expired.push({ blocker, waiver: last });
  }
  return { open, waived, expired };
}

/** "waived by alice until 2026-01-31T00:00:00Z: base image rebuild scheduled". */
export function describeWaiver(waiver: Waiver): string {
  return `waived by ${waiver.owner} until ${waiver.expiresAt}: ${waiver.reason}`;
}

/** "the waiver by alice expired on 2025-10-01T00:00:00Z". */
export function describeExpiredWaiver(waiver: Waiver): string {
  return `the waiver by ${waiver.owner} expired on ${waiver.expiresAt} and no longer counts`;
}
