import { describe, expect, it } from "vitest";
import { folderFullVersion, selectMigrations, type MigrationFolder } from "./migrations.js";

const f = (name: string, files: string[], root = "migrations"): MigrationFolder => ({ root, name, files });

describe("folder → full version", () => {
  it("16: ≥2 dots is full", () => {
    expect(folderFullVersion("1.1", "16.0")).toBe("16.0.1.1");
    expect(folderFullVersion("3.7.0", "16.0")).toBe("3.7.0");
    expect(folderFullVersion("16.0.1.1", "16.0")).toBe("16.0.1.1");
  });
  it("17+: >2 dots is full, 0.0.0 stays", () => {
    expect(folderFullVersion("3.7.0", "17.0")).toBe("17.0.3.7.0");
    expect(folderFullVersion("0.0.0", "17.0")).toBe("0.0.0");
    expect(folderFullVersion("17.0.1.1", "17.0")).toBe("17.0.1.1");
  });
});

describe("selectMigrations", () => {
  const folders = [
    f("1.1", ["pre-b.py", "pre-a.py", "post-x.py", "end-z.py", "README"]),
    f("1.2", ["post-y.py"]),
    f("1.2", ["post-a.py"], "upgrades"),
    f("0.0.0", ["pre-always.py", "post-always.py", "end-always.py"]),
    f("1.3", ["pre-later.py"]),
    f("1.0", ["pre-old.py"]),
    f("2.0", []),
  ];
  it("runs folders in (installed, current], files by basename, 0.0.0 first in pre and last after", () => {
    const r = selectMigrations({
      series: "17.0",
      installedVersion: "17.0.1.0",
      currentVersion: "17.0.1.2",
      folders,
    });
    expect(r.scripts.pre.map((s) => s.file)).toEqual([
      "migrations/0.0.0/pre-always.py",
      "migrations/1.1/pre-a.py",
      "migrations/1.1/pre-b.py",
    ]);
    expect(r.scripts.post.map((s) => s.file)).toEqual([
      "migrations/1.1/post-x.py",
      "upgrades/1.2/post-a.py",
      "migrations/1.2/post-y.py",
      "migrations/0.0.0/post-always.py",
    ]);
    expect(r.scripts.end.map((s) => s.file)).toEqual([
      "migrations/1.1/end-z.py",
      "migrations/0.0.0/end-always.py",
    ]);
    expect(r.skipped).toEqual(
      expect.arrayContaining([
        { folder: "1.3", root: "migrations", reason: "above-target-version", fullVersion: "17.0.1.3" },
        { folder: "1.0", root: "migrations", reason: "already-applied", fullVersion: "17.0.1.0" },
        { folder: "2.0", root: "migrations", reason: "no-python-file" },
      ]),
    );
  });
  it("0.0.0 runs only when the version goes up", () => {
    const r = selectMigrations({
      series: "17.0",
      installedVersion: "17.0.1.2",
      currentVersion: "17.0.1.2",
      folders,
    });
    expect(r.scripts.pre).toEqual([]);
  });
  it("major-less folders ignore the series (no re-run from 15.0.1.1 to 16.0.1.1)", () => {
    const r = selectMigrations({
      series: "16.0",
      installedVersion: "15.0.1.1",
      currentVersion: "16.0.1.1",
      folders: [f("1.1", ["pre-a.py"])],
    });
    expect(r.scripts.pre).toEqual([]);
  });
  it("full folders bound to the previous series run across a major upgrade", () => {
    const r = selectMigrations({
      series: "19.0",
      installedVersion: "18.0.2.2",
      currentVersion: "19.0.1.0",
      folders: [f("18.0.2.3", ["pre-a.py"])],
    });
    expect(r.scripts.pre.map((s) => s.file)).toEqual(["migrations/18.0.2.3/pre-a.py"]);
  });
  it("16 never runs a 3-part folder; 17 reads it with the series prefix", () => {
    const folders3 = [f("1.1.0", ["pre-a.py"])];
    const r16 = selectMigrations({
      series: "16.0",
      installedVersion: "16.0.1.0.0",
      currentVersion: "16.0.1.1.0",
      folders: folders3,
    });
    expect(r16.scripts.pre).toEqual([]);
    expect(r16.skipped[0]?.reason).toBe("three-part-folder-in-16");
    const r17 = selectMigrations({
      series: "17.0",
      installedVersion: "17.0.1.0.0",
      currentVersion: "17.0.1.1.0",
      folders: folders3,
    });
    expect(r17.scripts.pre.map((s) => s.file)).toEqual(["migrations/1.1.0/pre-a.py"]);
  });
  it("17+ skips tests and invalid folder names; 16 does not check names", () => {
    const bad = [f("tests", ["pre-a.py"]), f("v1.2", ["pre-a.py"]), f("1.2.3.4.5.6", ["pre-a.py"])];
    const r = selectMigrations({
      series: "17.0",
      installedVersion: "17.0.1.0",
      currentVersion: "17.0.9.0",
      folders: bad,
    });
    expect(r.skipped.map((s) => [s.folder, s.reason])).toEqual([
      ["1.2.3.4.5.6", "invalid-name"],
      ["tests", "invalid-name"],
      ["v1.2", "invalid-name"],
    ]);
    const r16 = selectMigrations({
      series: "16.0",
      installedVersion: "16.0.1.0",
      currentVersion: "16.0.9.0",
      folders: bad,
    });
    expect(r16.skipped.every((s) => s.reason !== "invalid-name")).toBe(true);
  });
});
