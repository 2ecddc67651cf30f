import { describe, expect, it } from "vitest";
import { OdooSeries, parseImageReference } from "./odoo.js";

const digest = `sha256:${"a".repeat(64)}`;

describe("parseImageReference", () => {
  it("splits registry, repository, tag and digest", () => {
    expect(parseImageReference(`registry.example.com:5000/erp/odoo:17.0-20251114@${digest}`)).toEqual({
      registry: "registry.example.com:5000",
      repository: "erp/odoo",
      tag: "17.0-20251114",
      digest,
    });
    expect(parseImageReference("odoo:17.0")).toEqual({ repository: "odoo", tag: "17.0" });
    expect(parseImageReference(`localhost/odoo@${digest}`)).toEqual({
      registry: "localhost",
      repository: "odoo",
      digest,
    });
  });

  it.each([
    ["registry.example/odoo@sha256:abc", "digest"],
    ["registry.example/Odoo:17.0", "repository"],
    ["odoo:17.0:extra", "tag"],
    ["odoo 17", "white space"],
    ["", "1 to 512"],
    ["-bad.host/odoo", "registry"],
  ])("refuses %j (%s)", (text, why) => {
    const r = parseImageReference(text);
    expect("message" in r && r.message).toContain(why);
  });
});

describe("OdooSeries", () => {
  it.each(["16.0", "17.0", "18.0", "saas~17.2"])("accepts %s", (s) => {
    expect(OdooSeries.safeParse(s).success).toBe(true);
  });

  it("suggests the series for a bare major version", () => {
    const issue = OdooSeries.safeParse("17").error?.issues[0];
    expect(issue && "params" in issue ? issue.params : undefined).toEqual({
      code: "invalid-series",
      hint: "did you mean `17.0`?",
    });
  });
});
