import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("orc in a shell pipeline", () => {
  it("stops quietly when the reader closes the pipe early (orc … | head -1)", () => {
    const r = spawnSync(
      "bash",
      ["-c", "node bin/orc.js estate validate examples/northwind/broken-estate.yaml | head -1"],
      {
        encoding: "utf8",
        env: { ...process.env, ORC_FROM_SOURCE: "1" },
      },
    );
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    expect(r.stdout).toContain("broken-estate.yaml:7:13: error invalid-value");
    expect(r.stderr).not.toMatch(/EPIPE|at .*\.ts:\d+/);
  });
});
