import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { NORTHWIND, northwindSection } from "../calendar/test-support/northwind.js";
import {
  releaseEvent,
  releaseSlotView,
  scheduleConflicts,
  slotsInPeriod,
  type ReleaseSlot,
} from "./release-schedule.js";

const section = northwindSection();
const at = (iso: string) => Temporal.Instant.from(iso);

function slot(id: string, start: string, duration: string, over: Partial<ReleaseSlot> = {}): ReleaseSlot {
  return {
    id,
    environment: NORTHWIND.prodEu,
    tier: "standard",
    summary: `release ${id}`,
    state: "scheduled",
    start: at(start),
    duration,
    disruptive: false,
    ...over,
  };
}

describe("release slots", () => {
  it("shows a slot with UTC and local times, days nominal in the environment's zone", () => {
    // 22:00 in Berlin the evening before the spring-forward night: one nominal day is 23 hours.
    expect(releaseSlotView(slot("7", "2026-03-28T21:00:00Z", "P1D"))).toEqual({
      id: "7",
      summary: "release 7",
      tier: "standard",
      state: "scheduled",
      environment: "northwind/prod-eu",
      timezone: "Europe/Berlin",
      start: "2026-03-28T21:00:00Z",
      end: "2026-03-29T20:00:00Z",
      localStart: "2026-03-28T22:00",
      localEnd: "2026-03-29T22:00",
      duration: "P1D",
      disruptive: false,
      link: "/releases/7",
    });
    expect(
      releaseSlotView(slot("proposed-1", "2026-03-28T21:00:00Z", "PT1H", { state: "proposed" })),
    ).not.toHaveProperty("link");
  });

  it("keeps the slots overlapping a period, by start", () => {
    const slots = [
      slot("2", "2026-11-10T21:00:00Z", "PT1H"),
      slot("1", "2026-11-09T22:30:00Z", "PT1H"), // runs into the period
      slot("3", "2026-11-16T00:00:00Z", "PT1H"), // starts at its end
    ];
    expect(
      slotsInPeriod(slots, at("2026-11-09T23:00:00Z"), at("2026-11-16T00:00:00Z")).map((s) => s.id),
    ).toEqual(["1", "2"]);
  });

  it("keeps only the conflicts of the given slots, with the releases involved and the window", () => {
    const slots = [
      slot("1", "2026-11-10T21:00:00Z", "PT1H"),
      slot("2", "2026-11-10T21:30:00Z", "PT1H"),
      slot("proposed-1", "2026-11-10T21:45:00Z", "PT30M", { state: "proposed" }),
      slot("proposed-2", "2026-11-27T10:00:00Z", "PT1H", { state: "proposed" }),
    ];
    const all = scheduleConflicts(slots, section);
    expect(all.map((c) => `${c.code} ${c.releases.map((r) => r.id).join("+")}`)).toEqual([
      "releases-overlap 1+2",
      "releases-overlap 1+proposed-1",
      "releases-overlap 2+proposed-1",
      "freeze-active proposed-2",
      "freeze-active proposed-2",
    ]);
    const only = scheduleConflicts(slots, section, { only: new Set(["proposed-2"]) });
    expect(only.map((c) => c.window?.window)).toEqual(["month-end-close", "black-friday-cyber-monday"]);
    expect(only[0]?.window).toMatchObject({ kind: "freeze", source: "estate", calendar: "northwind-retail" });
    expect(only[0]?.releases).toEqual([releaseSlotView(slots[3] as ReleaseSlot)]);
  });

  it("turns a slot into a feed event carrying its conflicts", () => {
    const s = slot("5", "2026-11-10T21:00:00Z", "PT90M", {
      sequence: 3,
      updatedAt: at("2026-11-03T08:00:00Z"),
    });
    const conflicts = scheduleConflicts([s, slot("6", "2026-11-10T22:00:00Z", "PT1H")], section);
    expect(releaseEvent(s, conflicts, at("2026-01-01T00:00:00Z"), "https://orc.example/")).toEqual({
      id: "5",
      environment: "northwind/prod-eu",
      timezone: "Europe/Berlin",
      tier: "standard",
      summary: "release 5",
      state: "scheduled",
      startMs: at("2026-11-10T21:00:00Z").epochMilliseconds,
      endMs: at("2026-11-10T22:30:00Z").epochMilliseconds,
      disruptive: false,
      sequence: 3,
      stamp: at("2026-11-03T08:00:00Z"),
      link: "https://orc.example/releases/5",
      conflicts: [conflicts[0]?.message],
    });
  });
});
