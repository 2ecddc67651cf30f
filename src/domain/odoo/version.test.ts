import { describe, expect, it } from "vitest";
import { adaptVersion, compareVersions, parseVersion } from "./version.js";

describe("parse_version (setuptools 0.6c8 legacy)", () => {
  it("pads numbers, drops trailing zero groups, prefixes words", () => {
    expect(parseVersion("16.0.1.2")).toEqual(["00000016", "00000000", "00000001", "00000002", "*final"]);
    expect(parseVersion("16.0.1.0.0")).toEqual(parseVersion("16.0.1"));
    expect(parseVersion("")).toEqual(parseVersion("0.1"));
    expect(parseVersion("1.0rc1")).toEqual(parseVersion("1.0c1"));
    expect(parseVersion("1.0pre1")).toEqual(parseVersion("1.0c1"));
  });
  it("compares like Odoo", () => {
    expect(compareVersions("16.0.1.0", "16.0.1.0.0")).toBe(0);
    expect(compareVersions("16.0.1.10", "16.0.1.9")).toBeGreaterThan(0);
    expect(compareVersions("16.0.1.0a", "16.0.1.0")).toBeLessThan(0);
    expect(compareVersions("17.0.1.0", "16.0.9.9")).toBeGreaterThan(0);
    expect(compareVersions(null, "16.0.1")).toBeLessThan(0);
  });
});

describe("adapt_version per series", () => {
  it("16 prefixes and silently accepts another series", () => {
    expect(adaptVersion("1.2", "16.0")).toEqual({ version: "16.0.1.2" });
    expect(adaptVersion("1.0.1", "16.0")).toEqual({ version: "16.0.1.0.1" });
    expect(adaptVersion("16.0.1.2.0", "16.0")).toEqual({ version: "16.0.1.2.0" });
    expect(adaptVersion("16.0", "16.0")).toEqual({ version: "16.0.16.0" });
    expect(adaptVersion("1.0.0.0", "16.0")).toEqual({ version: "16.0.1.0.0.0" });
    const foreign = adaptVersion("15.0.1.0.0", "16.0");
    expect(foreign.version).toBe("16.0.15.0.1.0.0");
    expect(foreign.problem?.kind).toBe("foreign-series-prefixed");
  });
  it.each(["17.0", "18.0"] as const)("%s requires x.y or x.y.z after the series", (series) => {
    expect(adaptVersion("1.2.3", series)).toEqual({ version: `${series}.1.2.3` });
    expect(adaptVersion(`${series}.1.2`, series)).toEqual({ version: `${series}.1.2` });
    expect(adaptVersion("1.0.0.0", series).problem?.kind).toBe("invalid");
    expect(adaptVersion("15.0.1.0.0", series).problem?.kind).toBe("invalid");
    expect(adaptVersion("1", series).problem?.kind).toBe("invalid");
  });
  it("19 prefixes ≤3 parts and makes other series uninstallable", () => {
    expect(adaptVersion("1.2", "19.0")).toEqual({ version: "19.0.1.2" });
    expect(adaptVersion("1.2.3", "19.0")).toEqual({ version: "19.0.1.2.3" });
    expect(adaptVersion("19.0.1.2.3", "19.0")).toEqual({ version: "19.0.1.2.3" });
    expect(adaptVersion("16.0.1.0.0", "19.0").problem?.kind).toBe("incompatible-uninstallable");
    expect(adaptVersion("1", "19.0").problem?.kind).toBe("incompatible-uninstallable");
    expect(adaptVersion("1.a", "19.0").problem?.kind).toBe("incompatible-uninstallable");
  });
});
