import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { agenda, formatAgenda } from "./agenda.js";
import { NORTHWIND, northwindSection } from "./test-support/northwind.js";

const at = (iso: string) => Temporal.Instant.from(iso);

describe("agenda", () => {
  const section = northwindSection();

  it("lists the environment's windows in order with local and UTC times", () => {
    const a = agenda(section, NORTHWIND.prodUs, at("2026-11-24T05:00:00Z"), at("2026-11-29T05:00:00Z"));
    expect(formatAgenda(a)).toBe(
      [
        "Agenda of northwind/prod-us (America/New_York), Tue 2026-11-24 00:00 → Sun 2026-11-29 00:00",
        "  Tue 2026-11-24 22:00 → Wed 2026-11-25 04:00  maintenance  northwind-retail/weekly-maintenance         2026-11-25T03:00Z → 2026-11-25T09:00Z  Tuesday and Thursday nights, 22:00 to 04:00 local",
        "  Wed 2026-11-25 00:00 → Thu 2026-12-03 00:00  freeze       northwind-retail/month-end-close            2026-11-25T05:00Z → 2026-12-03T05:00Z  exempt: emergency; Financial close, last 3 and first 2 business days of each month",
        "  Thu 2026-11-26 22:00 → Fri 2026-11-27 04:00  maintenance  northwind-retail/weekly-maintenance         2026-11-27T03:00Z → 2026-11-27T09:00Z  Tuesday and Thursday nights, 22:00 to 04:00 local",
        "  Fri 2026-11-27 00:00 → Tue 2026-12-01 00:00  freeze       northwind-retail/black-friday-cyber-monday  2026-11-27T05:00Z → 2026-12-01T05:00Z  exempt: emergency; Black Friday to Cyber Monday",
        "",
      ].join("\n"),
    );
  });

  it("notes windows defined in another zone and says when there is nothing", () => {
    const sale = agenda(section, NORTHWIND.prodSg, at("2026-07-01T00:00:00Z"), at("2026-07-02T00:00:00Z"));
    expect(formatAgenda(sale)).toContain("northwind-promotions/summer-sale-2026");
    expect(formatAgenda(sale)).toContain("defined in Europe/Berlin");
    const quiet = agenda(
      section,
      { ...NORTHWIND.prodSg, calendars: [] },
      at("2026-07-01T00:00:00Z"),
      at("2026-07-02T00:00:00Z"),
    );
    expect(formatAgenda(quiet)).toBe(
      "Agenda of northwind/prod-sg (Asia/Singapore), Wed 2026-07-01 08:00 → Thu 2026-07-02 08:00\n  no freeze or maintenance window\n",
    );
  });
});
