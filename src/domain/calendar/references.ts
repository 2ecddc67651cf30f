import type { Diagnostic } from "../diagnostic.js";
import type { EnvironmentContext } from "./environment.js";
import { scopeMatches } from "./expand.js";
import type { CalendarSection } from "./spec.js";
import { checkTimeZone } from "./time-zone.js";

/**
 * Cross-checks the calendar section against the environments that use it, for the estate loader to
 * report with the rest of the estate's diagnostics (paths are relative to the calendar section).
 * Errors here would otherwise surface as `estate-invalid` at decision time.
 *
 * Codes: `calendar-not-found`, `region-not-found`, `trading-hours-missing`, `timezone-invalid`
 * (errors); `timezone-differs-from-region`, `scope-matches-nothing` (warnings).
 */
export function checkCalendarReferences(
  section: CalendarSection,
  environments: readonly EnvironmentContext[],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const calendars = new Map(section.calendars.map((c) => [c.name, c]));
  const regions = new Map(section.regions.map((r) => [r.name, r]));
  const err = (code: string, message: string, path?: string, hint?: string): Diagnostic => ({
    code,
    severity: "error",
    message,
    ...(path ? { path } : {}),
    ...(hint ? { hint } : {}),
  });

  for (const env of environments) {
    const zone = checkTimeZone(env.timezone);
    if (!zone.ok)
      out.push(err("timezone-invalid", `environment ${env.id}: ${zone.message}`, undefined, zone.hint));
    const region = regions.get(env.region);
    if (region && region.timezone !== env.timezone) {
      out.push({
        code: "timezone-differs-from-region",
        severity: "warning",
        message: `environment ${env.id} is in ${env.timezone} but its region ${region.name} is in ${region.timezone}; floating windows follow the environment, trading hours the region`,
      });
    }
    env.calendars.forEach((name) => {
      const calendar = calendars.get(name);
      if (!calendar) {
        out.push(
          err(
            "calendar-not-found",
            `environment ${env.id} uses calendar "${name}", which is not defined`,
            undefined,
            `defined: ${[...calendars.keys()].join(", ") || "none"}`,
          ),
        );
        return;
      }
      calendar.windows.forEach((w, wi) => {
        if (!scopeMatches(w.scope, env)) return;
        const path = `calendars[${section.calendars.indexOf(calendar)}].windows[${wi}]`;
        const needs = w.businessDays ? "business days" : w.outsideTradingHours ? "trading hours" : undefined;
        if (!needs) return;
        if (!region) {
          out.push(
            err(
              "region-not-found",
              `window ${name}/${w.name} needs the ${needs} of region "${env.region}" (environment ${env.id}), which is not defined`,
              path,
            ),
          );
        } else if (w.outsideTradingHours && !region.tradingHours) {
          out.push(
            err(
              "trading-hours-missing",
              `window ${name}/${w.name} is outside trading hours, but region ${region.name} (environment ${env.id}) has no tradingHours`,
              path,
            ),
          );
        }
      });
    });
  }

  const tenants = new Set(environments.map((e) => e.tenant));
  const ids = new Set(environments.map((e) => e.id));
  section.calendars.forEach((calendar, ci) => {
    calendar.windows.forEach((w, wi) => {
      const check = (key: "tenants" | "environments" | "regions", known: ReadonlySet<string>) => {
        (w.scope?.[key] ?? []).forEach((value, k) => {
          if (known.has(value)) return;
          out.push({
            code: "scope-matches-nothing",
            severity: "warning",
            message: `window ${calendar.name}/${w.name} is scoped to ${key.replace(/s$/, "")} "${value}", ${key === "regions" ? "which is not defined" : "which no environment has"}`,
            path: `calendars[${ci}].windows[${wi}].scope.${key}[${k}]`,
          });
        });
      };
      check("tenants", tenants);
      check("environments", ids);
      check("regions", new Set(regions.keys()));
    });
  });
  return out;
}
