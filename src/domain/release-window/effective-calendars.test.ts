import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CalendarSection, IcsImportMapping, WindowSpec } from "../calendar/index.js";
import { effectiveCalendars, type OverlayWindow } from "./effective-calendars.js";

const section = CalendarSection.parse({
  regions: [{ name: "eu", timezone: "Europe/Berlin" }],
  calendars: [
    {
      name: "retail",
      windows: [{ name: "xmas", kind: "freeze", start: "2026-12-20T00:00", end: "2026-12-27T00:00" }],
    },
    { name: "promotions", windows: [] },
    { name: "untouched", windows: [] },
  ],
});
const estate = {
  ...section,
  icsImports: [
    {
      name: "marketing",
      mapping: IcsImportMapping.parse({ calendar: "promotions", rules: [{}] }),
    },
  ],
};

function overlay(calendar: string, name: string, extra: Partial<OverlayWindow> = {}): OverlayWindow {
  return {
    calendar,
    window: WindowSpec.parse({ name, kind: "freeze", start: "2026-11-01T00:00", end: "2026-11-02T00:00" }),
    origin: "api",
    createdAt: "2026-10-01T00:00:00.000Z",
    createdBy: "alice",
    updatedAt: "2026-10-01T00:00:00.000Z",
    ...extra,
  };
}

describe("effectiveCalendars", () => {
  it("adds overlay windows after the estate's, by name, and knows where each comes from", () => {
    const eff = effectiveCalendars(estate, [
      overlay("retail", "zz-api"),
      overlay("retail", "aa-api"),
      overlay("promotions", "sale-1", { origin: "import", importName: "marketing" }),
    ]);
    const retail = eff.section.calendars.find((c) => c.name === "retail");
    expect(retail?.windows.map((w) => w.name)).toEqual(["xmas", "aa-api", "zz-api"]);
    expect(retail?.windows.map((w) => eff.originOf(w))).toEqual(["estate", "api", "api"]);
    expect(eff.windows.get("promotions")?.map((w) => [w.window.name, w.origin])).toEqual([
      ["sale-1", "import"],
    ]);
    expect(eff.ignored).toEqual([]);
  });

  it("keeps calendars without overlay windows as they are, so engine caches survive", () => {
    const eff = effectiveCalendars(estate, [overlay("retail", "api-window")]);
    expect(eff.section.calendars[2]).toBe(section.calendars[2]);
    expect(eff.section.calendars[0]).not.toBe(section.calendars[0]);
    expect(eff.section.regions).toBe(section.regions);
  });

  it("ignores overlay windows the estate no longer allows, with the reason", () => {
    const eff = effectiveCalendars(estate, [
      overlay("gone", "a"),
      overlay("retail", "xmas"),
      overlay("retail", "b", { origin: "import", importName: "dropped" }),
      overlay("retail", "c", { origin: "import", importName: "marketing" }),
    ]);
    expect(eff.ignored.map((i) => i.reason)).toEqual([
      "calendar gone is no longer in the estate",
      "the estate now declares a window retail/xmas",
      "the estate no longer imports dropped into retail",
      "the estate no longer imports marketing into retail",
    ]);
    expect(eff.section.calendars[0]).toBe(section.calendars[0]);
  });
});

describe("effectiveCalendars (properties)", () => {
  const calendarNames = ["retail", "promotions", "untouched", "gone"] as const;
  const windowNames = ["xmas", "a", "b", "c", "sale"] as const;
  const overlayArb = fc
    .uniqueArray(
      fc.record({
        calendar: fc.constantFrom(...calendarNames),
        name: fc.constantFrom(...windowNames),
        origin: fc.constantFrom("api" as const, "import" as const),
        importName: fc.constantFrom("marketing", "dropped"),
      }),
      { selector: (o) => `${o.calendar}/${o.name}`, maxLength: 12 },
    )
    .map((list) =>
      list.map((o) =>
        overlay(
          o.calendar,
          o.name,
          o.origin === "import" ? { origin: "import", importName: o.importName } : {},
        ),
      ),
    );

  it("keeps the estate's windows first and in order, applies or ignores each overlay window once, and never repeats a name", () => {
    fc.assert(
      fc.property(overlayArb, (stored) => {
        const eff = effectiveCalendars(estate, stored);
        const applied = new Set<WindowSpec>();
        for (const [i, calendar] of eff.section.calendars.entries()) {
          const declared = section.calendars[i]?.windows ?? [];
          expect(calendar.windows.slice(0, declared.length)).toEqual(declared);
          const names = calendar.windows.map((w) => w.name);
          expect(new Set(names).size).toBe(names.length);
          for (const w of calendar.windows.slice(declared.length)) applied.add(w);
        }
        const ignored = new Set(eff.ignored.map((i) => i.overlay.window));
        for (const o of stored) expect(applied.has(o.window) !== ignored.has(o.window)).toBe(true);
        expect(applied.size + ignored.size).toBe(stored.length);
        for (const w of applied) expect(eff.originOf(w)).not.toBe("estate");
      }),
    );
  });
});
