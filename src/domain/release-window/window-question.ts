import type { Temporal } from "temporal-polyfill";
import { DEFAULT_HORIZON_DAYS, type EnvironmentContext } from "../calendar/index.js";
import {
  calendarContext,
  closestMatches,
  findEnvironment,
  listEnvironments,
  type Estate,
  type EnvironmentView,
  type Tier,
} from "../estate/index.js";
import type { InputParse, InputProblem } from "./input-problem.js";
import { parseReleaseDuration } from "./release-duration.js";
import { parseTimeInput, timeInputMessage } from "./time-input.js";

/** The longest next-allowed search a question may ask for, in days. */
export const MAX_HORIZON_DAYS = 731;

/** "May a release of this tier start on this environment then, for that long?", as typed. */
export interface WindowQuestionInput {
  /** `tenant/environment`. */
  readonly environment: string;
  readonly tier: string;
  /** Local time in the environment's zone, a date, or an instant with an offset. @default now */
  readonly at?: string;
  /** `2h`, `90m`, `1d` or ISO 8601. */
  readonly duration: string;
  /** Whether the change must run inside a maintenance window. @default false */
  readonly disruptive?: boolean;
  /** @default 180 */
  readonly horizonDays?: number;
}

/** A window question checked against the estate, ready for `decide`. */
export interface WindowQuestion {
  readonly view: EnvironmentView;
  readonly environment: EnvironmentContext;
  readonly tier: Tier;
  readonly start: Temporal.Instant;
  /** ISO 8601. */
  readonly duration: string;
  /** True when asked for, or when the tier requires a maintenance window. */
  readonly disruptive: boolean;
  /** Why the release counts as disruptive when nobody said it was. */
  readonly disruptiveReason?: string;
  readonly horizonDays: number;
}

function suggestion(input: string, candidates: readonly string[], what: string): string {
  const close = closestMatches(input, candidates);
  if (close.length > 0) return `did you mean ${close.map((c) => `\`${c}\``).join(" or ")}?`;
  return `${what}: ${candidates.join(", ")}`;
}

/** The environment `ref` of the estate, or a problem with a "did you mean". */
export function lookupEnvironment(estate: Estate, ref: string): EnvironmentView | InputProblem {
  const view = findEnvironment(estate, ref);
  if (view) return view;
  const ids = listEnvironments(estate).map((v) => v.id);
  const shaped = /^[^/\s]+\/[^/\s]+$/.test(ref);
  return {
    field: "environment",
    code: "unknown-environment",
    message: shaped
      ? `unknown environment "${ref}"`
      : `"${ref}" is not an environment id like northwind-eu/prod (tenant/environment)`,
    hint: suggestion(ref, ids, "environments"),
  };
}

/**
 * Checks a window question against the estate: the environment and tier exist (with suggestions),
 * the time and duration can be read. Reports every problem at once. `now` is the default start.
 */
export function windowQuestion(
  estate: Estate,
  input: WindowQuestionInput,
  now: Temporal.Instant,
): InputParse<WindowQuestion> {
  const problems: InputProblem[] = [];
  const found = lookupEnvironment(estate, input.environment);
  const view = "field" in found ? undefined : found;
  if ("field" in found) problems.push(found);

  const tier = estate.tiers.find((t) => t.name === input.tier);
  if (!tier) {
    problems.push({
      field: "tier",
      code: "unknown-tier",
      message: `unknown tier "${input.tier}"`,
      hint: suggestion(
        input.tier,
        estate.tiers.map((t) => t.name),
        "the estate's tiers are",
      ),
    });
  }

  // The time is read in the environment's zone; when that is unknown, UTC still tells whether it
  // can be read at all, so that every problem is reported at once.
  const environment = view ? calendarContext(view) : undefined;
  const zone = environment?.timezone ?? "UTC";
  let start: Temporal.Instant | undefined = input.at === undefined ? now : undefined;
  if (input.at !== undefined) {
    start = parseTimeInput(input.at, zone);
    if (!start) {
      problems.push({
        field: "at",
        code: "invalid-time",
        message: timeInputMessage(input.at, environment ? zone : "the environment's zone"),
      });
    }
  }

  const duration = parseReleaseDuration(input.duration);
  if (!duration.ok) problems.push({ field: "duration", code: "invalid-duration", message: duration.message });

  const horizonDays = input.horizonDays ?? DEFAULT_HORIZON_DAYS;
  if (!Number.isInteger(horizonDays) || horizonDays < 1 || horizonDays > MAX_HORIZON_DAYS) {
    problems.push({
      field: "horizonDays",
      code: "invalid-period",
      message: `the horizon must be a whole number of days from 1 to ${MAX_HORIZON_DAYS}, not ${horizonDays}`,
    });
  }

  if (problems.length > 0 || !view || !environment || !tier || !duration.ok || !start) {
    return { ok: false, problems };
  }
  const forced = !input.disruptive && tier.requiresMaintenanceWindow;
  return {
    ok: true,
    value: {
      view,
      environment,
      tier,
      start,
      duration: duration.iso,
      disruptive: (input.disruptive ?? false) || tier.requiresMaintenanceWindow,
      ...(forced ? { disruptiveReason: `tier ${tier.name} requires a maintenance window` } : {}),
      horizonDays,
    },
  };
}
