import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { withOptionsTable } from "../../src/config/options-doc.js";
import { serverOptions } from "../../src/config/server-options.js";

describe("README", () => {
  const readme = readFileSync("README.md", "utf8");

  it("documents every server option as declared (run `npm run docs:options` after changing one)", () => {
    expect(withOptionsTable(readme, serverOptions)).toBe(readme);
  });

  it("names the two quick-start commands and the test command", () => {
    expect(readme).toMatch(/npm ci/);
    expect(readme).toMatch(/npm start/);
    expect(readme).toMatch(/npm test/);
  });
});
