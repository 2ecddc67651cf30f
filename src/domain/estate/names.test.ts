import { describe, expect, it } from "vitest";
import { didYouMean } from "./did-you-mean.js";
import { formatFieldPath } from "./field-path.js";
import { Name, parseEnvironmentReference } from "./names.js";

describe("Name", () => {
  it("accepts DNS labels", () => {
    for (const n of ["a", "prod", "northwind-eu", "x1"]) expect(Name.safeParse(n).success).toBe(true);
  });

  it("refuses others and suggests a slug", () => {
    const issue = Name.safeParse("Northwind EU").error?.issues[0];
    expect(issue?.message).toBe('"Northwind EU" is not a valid name');
    expect(issue && "params" in issue ? issue.params : undefined).toMatchObject({
      code: "invalid-name",
      hint: expect.stringContaining('"northwind-eu"'),
    });
    for (const n of ["-a", "a-", "a_b", "x".repeat(64), ""]) expect(Name.safeParse(n).success).toBe(false);
  });
});

describe("parseEnvironmentReference", () => {
  it("reads `env` inside a tenant and `tenant/env` anywhere", () => {
    expect(parseEnvironmentReference("staging", "eu")).toEqual({ tenant: "eu", environment: "staging" });
    expect(parseEnvironmentReference("us/staging", "eu")).toEqual({ tenant: "us", environment: "staging" });
    expect(parseEnvironmentReference("staging")).toBeUndefined();
    expect(parseEnvironmentReference("a/b/c", "eu")).toBeUndefined();
    expect(parseEnvironmentReference("A/b")).toBeUndefined();
  });
});

describe("formatFieldPath", () => {
  it("writes paths the way people read them", () => {
    expect(formatFieldPath(["tenants", 1, "environments", 0, "rpo"])).toBe("tenants[1].environments[0].rpo");
    expect(formatFieldPath([])).toBe("");
    expect(formatFieldPath(["labels", "a b"])).toBe('labels["a b"]');
  });
});

describe("didYouMean", () => {
  it("suggests close candidates and stays quiet otherwise", () => {
    expect(didYouMean("timezon", ["timezone", "name"])).toBe("did you mean `timezone`?");
    expect(didYouMean("rto", ["rpo", "rtx", "kind"])).toBe("did you mean `rpo` or `rtx`?");
    expect(didYouMean("zzzzzz", ["name", "kind"])).toBeUndefined();
  });
});
