import type {
  Agenda,
  Decision,
  DecisionReasonCode,
  Exemption,
  Occurrence,
  OccurrenceJson,
  WindowSpec,
} from "../calendar/index.js";
import type { WindowOrigin } from "./effective-calendars.js";
import type { ReleaseSlotView } from "./release-schedule.js";
import type { WindowQuestion } from "./window-question.js";

/**
 * An occurrence as the API and `--json` show it: the engine's JSON plus where its window comes from
 * and, for freezes, the tiers it exempts and the approvals they need.
 */
export interface OccurrenceView extends OccurrenceJson {
  readonly source: WindowOrigin;
  readonly exemptTiers?: readonly string[];
  readonly exemptApprovals?: readonly { readonly role: string; readonly count: number }[];
}

/** One reason of a decision, as JSON. */
export interface DecisionReasonView {
  readonly code: DecisionReasonCode;
  readonly blocking: boolean;
  /** A sentence with local and UTC times. */
  readonly message: string;
  readonly occurrence?: OccurrenceView;
}

/**
 * The answer to a window question, as the API returns it and `orc window check --json` prints it.
 * Instants are UTC (`…Z`); `local…` fields are wall-clock times in `timezone`, the environment's.
 */
export interface WindowCheck {
  readonly allowed: boolean;
  readonly environment: string;
  readonly timezone: string;
  readonly tier: string;
  /** ISO 8601. */
  readonly duration: string;
  readonly disruptive: boolean;
  /** Why the release counts as disruptive although the request did not say so. */
  readonly disruptiveReason?: string;
  readonly start: string;
  readonly end: string;
  readonly localStart: string;
  readonly localEnd: string;
  readonly reasons: readonly DecisionReasonView[];
  /** Extra approvals the tier needs in freezes that exempt it. */
  readonly exemptions: readonly Exemption[];
  /** When blocked: the next allowed start within the horizon. */
  readonly next?: string;
  readonly nextLocal?: string;
  readonly horizonDays: number;
}

/** Where windows come from; without one, every window counts as the estate's. */
export type OriginOf = (window: WindowSpec) => WindowOrigin;

const fromEstate: OriginOf = () => "estate";

/** The JSON view of an occurrence. */
export function occurrenceView(o: Occurrence, originOf: OriginOf = fromEstate): OccurrenceView {
  const w = o.window;
  return {
    ...o.toJSON(),
    source: originOf(w),
    ...(w.exemptTiers ? { exemptTiers: [...w.exemptTiers] } : {}),
    ...(w.exemptApprovals ? { exemptApprovals: w.exemptApprovals.map((a) => ({ ...a })) } : {}),
  };
}

/** The JSON view of a decision on a question. */
export function windowCheck(q: WindowQuestion, d: Decision, originOf: OriginOf = fromEstate): WindowCheck {
  return {
    allowed: d.allowed,
    environment: d.environment,
    timezone: d.timezone,
    tier: d.tier,
    duration: q.duration,
    disruptive: d.disruptive,
    ...(q.disruptiveReason ? { disruptiveReason: q.disruptiveReason } : {}),
    start: d.start.toString(),
    end: d.end.toString(),
    localStart: d.localStart,
    localEnd: d.localEnd,
    reasons: d.reasons.map((r) => ({
      code: r.code,
      blocking: r.blocking,
      message: r.message,
      ...(r.occurrence ? { occurrence: occurrenceView(r.occurrence, originOf) } : {}),
    })),
    exemptions: d.exemptions.map((e) => ({ ...e, approvals: e.approvals.map((a) => ({ ...a })) })),
    ...(d.next ? { next: d.next.toString() } : {}),
    ...(d.nextLocal ? { nextLocal: d.nextLocal } : {}),
    horizonDays: q.horizonDays,
  };
}

/** The agenda of a period, as the API returns it and `orc calendar show --json` prints it. */
export interface AgendaView {
  readonly environment: string;
  readonly timezone: string;
  readonly from: string;
  readonly to: string;
  readonly localFrom: string;
  readonly localTo: string;
  readonly occurrences: readonly OccurrenceView[];
  /** Scheduled and running releases of the environment in the period (from a server; absent locally). */
  readonly releases?: readonly ReleaseSlotView[];
}

function localMinute(instant: Agenda["from"], zone: string): string {
  return instant.toZonedDateTimeISO(zone).toPlainDateTime().toString({ smallestUnit: "minute" });
}

/** The JSON view of an agenda. */
export function agendaView(a: Agenda, originOf: OriginOf = fromEstate): AgendaView {
  return {
    environment: a.environment,
    timezone: a.timezone,
    from: a.from.toString(),
    to: a.to.toString(),
    localFrom: localMinute(a.from, a.timezone),
    localTo: localMinute(a.to, a.timezone),
    occurrences: a.occurrences.map((o) => occurrenceView(o, originOf)),
  };
}
