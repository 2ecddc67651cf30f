import type { Temporal } from "temporal-polyfill";
import type { InputParse, InputProblem } from "./input-problem.js";
import { parseTimeInput, startOfLocalDay, timeInputMessage } from "./time-input.js";

/** Days an agenda covers when no end is given. */
export const DEFAULT_AGENDA_DAYS = 30;
/** The longest agenda one request may ask for, in days. */
export const MAX_AGENDA_DAYS = 731;

/** The period of an agenda, as typed; both ends optional. */
export interface AgendaPeriodInput {
  /** @default midnight today in the environment's zone */
  readonly from?: string;
  /** A date includes that whole day. @default {@link DEFAULT_AGENDA_DAYS} days after `from` */
  readonly to?: string;
}

/** A checked period, end exclusive. */
export interface AgendaPeriod {
  readonly from: Temporal.Instant;
  readonly to: Temporal.Instant;
}

/**
 * Reads an agenda period in the environment's zone (see `parseTimeInput`); "today" is `now`'s local
 * day, passed in by the caller (the CLI's or the server's clock).
 */
export function agendaPeriod(
  input: AgendaPeriodInput,
  zone: string,
  now: Temporal.Instant,
): InputParse<AgendaPeriod> {
  const problems: InputProblem[] = [];
  const read = (field: "from" | "to", text: string | undefined) => {
    if (text === undefined) return undefined;
    const at = parseTimeInput(text, zone, { endOfDay: field === "to" });
    if (!at) problems.push({ field, code: "invalid-time", message: timeInputMessage(text, zone) });
    return at;
  };
  const fromText = read("from", input.from);
  const toText = read("to", input.to);
  if (problems.length > 0) return { ok: false, problems };
  const from = fromText ?? startOfLocalDay(now, zone);
  const to = toText ?? from.toZonedDateTimeISO(zone).add({ days: DEFAULT_AGENDA_DAYS }).toInstant();
  if (to.epochMilliseconds <= from.epochMilliseconds) {
    problems.push({
      field: "to",
      code: "invalid-period",
      message: `the end of the period (${to.toString()}) is not after its start (${from.toString()})`,
    });
  } else if (to.epochMilliseconds - from.epochMilliseconds > (MAX_AGENDA_DAYS + 1) * 86_400_000) {
    problems.push({
      field: "to",
      code: "invalid-period",
      message: `the period is longer than ${MAX_AGENDA_DAYS} days; ask for less at a time`,
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { from, to } };
}
