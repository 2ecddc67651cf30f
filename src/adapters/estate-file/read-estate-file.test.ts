import { mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isOrcError, type OrcError } from "../../domain/errors.js";
import { DEMO_ESTATE_PATH, displayPath, locateEstateFile } from "./estate-location.js";
import { loadEstateFile, readEstateFile } from "./read-estate-file.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "orc-estate-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function thrown(promise: Promise<unknown>): Promise<OrcError> {
  try {
    await promise;
  } catch (e) {
    if (isOrcError(e)) return e;
    throw e;
  }
  throw new Error("expected an OrcError");
}

describe("readEstateFile", () => {
  it("reads and validates the demo estate", async () => {
    const result = await readEstateFile(DEMO_ESTATE_PATH);
    expect(result.ok).toBe(true);
    expect(result.ok && result.estate.organization.name).toBe("Northwind Retail");
  });

  it("names the file in diagnostics as asked", async () => {
    const file = join(dir, "bad.yaml");
    await writeFile(file, "apiVersion: orc.dev/v1\nkind: Estate\n");
    const result = await readEstateFile(file, { displayPath: "bad.yaml" });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.diagnostics.map((d) => `${d.file}:${d.line} ${d.code} ${d.path}`)).toEqual([
      "bad.yaml:1 missing-key organization",
      "bad.yaml:1 missing-key tenants",
      "bad.yaml:1 role-unassigned roles",
    ]);
  });

  it("throws not-found for a missing file", async () => {
    const e = await thrown(readEstateFile(join(dir, "nope.yaml")));
    expect(e.code).toBe("not-found");
    expect(e.message).toBe(`estate file not found: ${join(dir, "nope.yaml")}`);
  });

  it("refuses a directory as bad usage", async () => {
    expect((await thrown(readEstateFile(dir))).code).toBe("bad-request");
  });

  it("refuses a 50 MB file from its size, without reading it", async () => {
    const file = join(dir, "huge.yaml");
    await writeFile(file, "");
    await truncate(file, 50 * 1024 * 1024); // sparse: nothing to read would be fast either way
    const started = Date.now();
    const result = await readEstateFile(file, { displayPath: "huge.yaml" });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(!result.ok && result.diagnostics).toEqual([
      {
        file: "huge.yaml",
        line: 1,
        column: 1,
        code: "file-too-large",
        severity: "error",
        message: "the estate is larger than the limit of 10 MiB",
        hint: "split generated data out of the estate, or raise the limit",
      },
    ]);
  });

  it("honours a smaller limit", async () => {
    const file = join(dir, "small-limit.yaml");
    await writeFile(file, "x".repeat(2000));
    const result = await readEstateFile(file, { maxBytes: 1024 });
    expect(!result.ok && result.diagnostics[0]?.message).toBe("the estate is larger than the limit of 1 KiB");
  });

  it("refuses bytes that are not UTF-8", async () => {
    const file = join(dir, "latin1.yaml");
    await writeFile(file, Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
    const result = await readEstateFile(file);
    expect(!result.ok && result.diagnostics.map((d) => d.code)).toEqual(["invalid-encoding"]);
  });
});

describe("loadEstateFile", () => {
  it("throws estate-invalid with every diagnostic in its context", async () => {
    const file = join(dir, "invalid.yaml");
    await writeFile(file, "kind: Estate\n");
    const e = await thrown(loadEstateFile(file, { displayPath: "invalid.yaml" }));
    expect(e.code).toBe("estate-invalid");
    expect(e.message).toBe("the estate invalid.yaml is invalid: 4 problems");
    expect((e.context.diagnostics as unknown[]).length).toBe(4);
  });

  it("returns the estate when valid", async () => {
    const { estate, warnings } = await loadEstateFile(DEMO_ESTATE_PATH);
    expect(estate.tenants).toHaveLength(3);
    expect(warnings).toEqual([]);
  });
});

describe("locateEstateFile", () => {
  it("prefers the argument, then $ORC_ESTATE, then ./estate.yaml, then the demo", async () => {
    const cwd = join(dir, "work");
    await rm(cwd, { recursive: true, force: true });
    await import("node:fs/promises").then((fs) => fs.mkdir(cwd));
    expect(await locateEstateFile({ file: "a.yaml", env: { ORC_ESTATE: "b.yaml" }, cwd })).toEqual({
      path: join(cwd, "a.yaml"),
      source: "argument",
    });
    expect(await locateEstateFile({ env: { ORC_ESTATE: "b.yaml" }, cwd })).toEqual({
      path: join(cwd, "b.yaml"),
      source: "environment",
    });
    expect(await locateEstateFile({ env: {}, cwd })).toEqual({ path: DEMO_ESTATE_PATH, source: "demo" });
    await writeFile(join(cwd, "estate.yaml"), "");
    expect(await locateEstateFile({ env: {}, cwd })).toEqual({
      path: join(cwd, "estate.yaml"),
      source: "working-directory",
    });
  });

  it("shows paths inside the working directory relative to it", () => {
    expect(displayPath("/a/b/estate.yaml", "/a")).toBe("b/estate.yaml");
    expect(displayPath("/x/estate.yaml", "/a")).toBe("/x/estate.yaml");
  });
});
