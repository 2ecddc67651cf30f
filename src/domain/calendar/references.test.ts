import { describe, expect, it } from "vitest";
import { NORTHWIND, northwindSection } from "./test-support/northwind.js";
import { checkCalendarReferences } from "./references.js";
import { CalendarSection } from "./spec.js";

describe("checkCalendarReferences", () => {
  const section = northwindSection();

  it("finds nothing wrong with the Northwind estate", () => {
    expect(checkCalendarReferences(section, Object.values(NORTHWIND))).toEqual([]);
  });

  it("reports missing calendars and regions, bad zones and scopes that match nothing", () => {
    const found = checkCalendarReferences(section, [
      { ...NORTHWIND.prodEu, calendars: ["northwind-retail", "nope"] },
      { ...NORTHWIND.stagingEu, region: "mars", timezone: "Mars/Olympus" },
    ]);
    expect(found.map((d) => `${d.severity} ${d.code}${d.path ? ` ${d.path}` : ""}`)).toEqual([
      "error calendar-not-found",
      "error timezone-invalid",
      "error region-not-found calendars[0].windows[6]",
    ]);
  });

  it("warns about scopes that no environment matches", () => {
    const small = CalendarSection.parse({
      calendars: [
        {
          name: "ops",
          windows: [
            {
              name: "qa-only",
              kind: "freeze",
              start: "2026-01-01T00:00",
              end: "2026-01-02T00:00",
              scope: { environments: ["northwind/qa"], regions: ["emea"] },
            },
          ],
        },
      ],
    });
    expect(
      checkCalendarReferences(small, [{ ...NORTHWIND.prodEu, calendars: ["ops"] }]).map(
        (d) => `${d.code} ${d.path}: ${d.message}`,
      ),
    ).toEqual([
      'scope-matches-nothing calendars[0].windows[0].scope.environments[0]: window ops/qa-only is scoped to environment "northwind/qa", which no environment has',
      'scope-matches-nothing calendars[0].windows[0].scope.regions[0]: window ops/qa-only is scoped to region "emea", which is not defined',
    ]);
  });
});
