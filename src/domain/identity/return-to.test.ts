import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeReturnTo } from "./return-to.js";

/** Strings assembled from the pieces open-redirect payloads are made of. */
const tricky = fc
  .array(
    fc.constantFrom(
      "/",
      "\\",
      ".",
      ":",
      "@",
      "evil.example",
      "%2f",
      "%5c",
      "\t",
      "?",
      "#",
      "a",
      "http",
      "%0a",
    ),
    {
      maxLength: 8,
    },
  )
  .map((parts) => parts.join(""));

describe("returnTo after sign-in", () => {
  it("keeps paths on this server, normalized", () => {
    expect(safeReturnTo(undefined)).toBe("/");
    expect(safeReturnTo("")).toBe("/");
    expect(safeReturnTo("/releases/42?tab=plan#approvals")).toBe("/releases/42?tab=plan#approvals");
    expect(safeReturnTo("/a/../calendar")).toBe("/calendar");
    expect(safeReturnTo("/search?q=a%20b")).toBe("/search?q=a%20b");
  });

  it("refuses anything that leads elsewhere", () => {
    for (const bad of [
      "https://evil.example/",
      "http:/evil.example",
      "//evil.example",
      "///evil.example",
      "/.//evil.example",
      "/a/..//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "javascript:alert(1)",
      "releases",
      "/ok\r\nLocation: x",
      "/tab\there",
      "/" + "a".repeat(3000),
    ]) {
      expect(safeReturnTo(bad), bad).toBeUndefined();
    }
  });

  it("never yields a URL that a browser would resolve to another origin", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.webUrl(), fc.webPath(), { arbitrary: tricky, weight: 5 }),
        (raw) => {
          const out = safeReturnTo(raw);
          if (out === undefined) return;
          expect(out.startsWith("/") && !out.startsWith("//")).toBe(true);
          expect(new URL(out, "https://orc.example").origin).toBe("https://orc.example");
        },
      ),
      { numRuns: 1000 },
    );
  });
});
