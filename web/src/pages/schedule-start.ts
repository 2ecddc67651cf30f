import type { ReleaseDecision } from "../api/types.js";

/**
 * The earliest start the calendar allows on every environment of the release: the latest of their next
 * allowed starts (an environment open now counts as now). Undefined when one has none in the horizon.
 */
export function nextCommonStart(d: ReleaseDecision): string | undefined {
  let latest = d.at;
  for (const e of d.environments) {
    const next = e.allowed ? d.at : e.next;
    if (!next) return undefined;
    if (Date.parse(next) > Date.parse(latest)) latest = next;
  }
  return latest;
}
