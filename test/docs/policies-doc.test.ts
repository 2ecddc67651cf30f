import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { policyVariablesTable } from "../../src/domain/policy/index.js";

describe("docs/policies.md", () => {
  it("lists every policy variable as declared (POLICY_VARIABLES)", () => {
    expect(readFileSync("docs/policies.md", "utf8")).toContain(policyVariablesTable());
  });
});
