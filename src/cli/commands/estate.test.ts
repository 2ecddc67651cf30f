import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { estateJsonSchema } from "../../domain/estate/index.js";
import type { CliIo } from "../io.js";
import { main } from "../main.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const demo = "examples/northwind/estate.yaml";
const broken = "examples/northwind/broken-estate.yaml";

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

async function orc(
  argv: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<Run> {
  let out = "";
  let err = "";
  const io: CliIo = {
    out: (t) => (out += t),
    err: (t) => (err += t),
    env: options.env ?? {},
    cwd: options.cwd ?? root,
  };
  const code = await main(argv, io);
  return { code, out, err };
}

let empty: string;
beforeAll(async () => {
  empty = await mkdtemp(join(tmpdir(), "orc-cli-estate-"));
});
afterAll(async () => {
  await rm(empty, { recursive: true, force: true });
});

describe("orc estate validate", () => {
  it("says the demo is valid and exits 0", async () => {
    expect(await orc(["estate", "validate", demo])).toEqual({
      code: 0,
      out: "examples/northwind/estate.yaml: valid: 3 tenants, 9 environments, 40 stores, 3 tiers\n",
      err: "",
    });
  });

  it("lists every problem of the broken demo with its line, then a count, and exits 1", async () => {
    const run = await orc(["estate", "validate", broken]);
    expect(run.code).toBe(1);
    const lines = run.out.trimEnd().split("\n");
    expect(lines).toHaveLength(22);
    expect(lines[0]).toBe(
      'examples/northwind/broken-estate.yaml:7:13: error invalid-value: expected "orc.dev/v1", got the text "orc.dev/v2" at apiVersion — write apiVersion: orc.dev/v1',
    );
    expect(lines[15]).toBe(
      'examples/northwind/broken-estate.yaml:374:19: error wrong-type: expected a string, got the number 16 at tenants[2].environments[0].odoo.series — quote it: "16.0"',
    );
    expect(lines.at(-1)).toBe("examples/northwind/broken-estate.yaml: 20 errors, 1 warning");
    for (const line of lines.slice(0, -1))
      expect(line).toMatch(
        /^examples\/northwind\/broken-estate\.yaml:\d+:\d+: (error|warning) [a-z-]+: .+ at \S+/,
      );
  });

  it("prints JSON with --json", async () => {
    const run = await orc(["estate", "validate", broken, "--json"]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.out) as {
      valid: boolean;
      errors: number;
      warnings: number;
      diagnostics: unknown[];
    };
    expect(report).toMatchObject({ file: broken, valid: false, errors: 20, warnings: 1 });
    expect(report.diagnostics[0]).toEqual({
      file: broken,
      line: 7,
      column: 13,
      path: "apiVersion",
      code: "invalid-value",
      severity: "error",
      message: 'expected "orc.dev/v1", got the text "orc.dev/v2"',
      hint: "write apiVersion: orc.dev/v1",
    });
    const valid = await orc(["estate", "validate", demo, "--json"]);
    expect(JSON.parse(valid.out)).toEqual({
      file: demo,
      valid: true,
      errors: 0,
      warnings: 0,
      diagnostics: [],
    });
  });

  it("falls back to $ORC_ESTATE, ./estate.yaml, then the demo (announced on stderr)", async () => {
    const fromEnv = await orc(["estate", "validate"], {
      cwd: empty,
      env: { ORC_ESTATE: join(root, broken) },
    });
    expect(fromEnv.code).toBe(1);
    const fromDemo = await orc(["estate", "validate"], { cwd: empty });
    expect(fromDemo.code).toBe(0);
    expect(fromDemo.err).toBe(`orc: no estate file given; using the demo estate ${join(root, demo)}\n`);
    await writeFile(join(empty, "estate.yaml"), "kind: Estate\n");
    const local = await orc(["estate", "validate"], { cwd: empty });
    expect(local.code).toBe(1);
    expect(local.out).toContain(
      "estate.yaml:1:1: error missing-key: missing required key `apiVersion` at apiVersion",
    );
    await rm(join(empty, "estate.yaml"));
  });

  it("exits 3 when the file does not exist", async () => {
    expect(await orc(["estate", "validate", "missing.yaml"])).toEqual({
      code: 3,
      out: "",
      err: `orc: estate file not found: ${join(root, "missing.yaml")}\n`,
    });
  });

  it("exits 2 on bad usage", async () => {
    expect((await orc(["estate", "validate", "--frobnicate"])).code).toBe(2);
    expect((await orc(["estate", "validate", demo, "--max-bytes", "lots"])).code).toBe(2);
    expect((await orc(["estate", "validate", demo, "extra"])).code).toBe(2);
  });

  it("applies --max-bytes", async () => {
    const run = await orc(["estate", "validate", demo, "--max-bytes", "1000"]);
    expect(run.code).toBe(1);
    expect(run.out).toBe(
      "examples/northwind/estate.yaml:1:1: error file-too-large: the estate is larger than the limit of 1000 bytes — split generated data out of the estate, or raise the limit\nexamples/northwind/estate.yaml: 1 error\n",
    );
  });

  it("reports binary garbage as problems, never a stack trace", async () => {
    const file = join(empty, "garbage.yaml");
    await writeFile(file, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    const run = await orc(["estate", "validate", file]);
    expect(run.code).toBe(1);
    expect(`${run.out}${run.err}`).not.toMatch(/\n\s+at /);
  });
});

describe("orc estate", () => {
  it("teaches with --help (exit 0) and asks for a subcommand when there is none (exit 2)", async () => {
    const help = await orc(["estate", "validate", "--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("Exit codes: 0 valid, 1 invalid, 2 bad usage, 3 file not found.");
    const bare = await orc(["estate"]);
    expect(bare.code).toBe(2);
    expect(bare.err).toContain("validate [options] [file]");
  });
});

describe("orc estate schema", () => {
  it("prints the JSON Schema", async () => {
    const run = await orc(["estate", "schema"]);
    expect(run.code).toBe(0);
    const schema = JSON.parse(run.out) as Record<string, unknown>;
    expect(schema).toEqual(estateJsonSchema());
    expect(schema.$id).toBe("https://orc.dev/schemas/estate-v1.json");
  });
});

describe("orc estate show", () => {
  it("summarizes tenants, environments and tiers", async () => {
    const run = await orc(["estate", "show", demo]);
    expect(run.code).toBe(0);
    const lines = run.out.split("\n");
    expect(lines[0]).toBe("Northwind Retail (northwind): 3 tenants, 9 environments, 40 stores, 3 tiers");
    expect(lines).toContain(
      "northwind-apac/prod     prod     16.0    dedicated  apac-southeast  Asia/Singapore    northwind-apac/staging  apac-prod-1/nw-apac-prod          15 min  2 h",
    );
    expect(lines).toContain(
      "major      1 release-manager, 3 cab  tests, image-scan, sast, sbom-license, rehearsal  7 days     no         required            -",
    );
  });

  it("prints JSON with --json", async () => {
    const run = await orc(["estate", "show", demo, "--json"]);
    expect(run.code).toBe(0);
    const shown = JSON.parse(run.out) as {
      environments: { id: string; timezone: string; hosting: string }[];
      tiers: unknown[];
    };
    expect(shown.environments).toHaveLength(9);
    expect(shown.environments.find((e) => e.id === "northwind-us/staging")).toMatchObject({
      timezone: "America/New_York",
      hosting: "shared",
    });
    expect(shown.tiers).toHaveLength(3);
  });

  it("prints the problems of an invalid estate and exits 1", async () => {
    const run = await orc(["estate", "show", broken]);
    expect(run.code).toBe(1);
    expect(run.out.trimEnd().split("\n").at(-1)).toBe(
      "examples/northwind/broken-estate.yaml: 20 errors, 1 warning",
    );
  });
});
