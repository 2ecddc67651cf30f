import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import {
  findEnvironment,
  findTenant,
  findTier,
  listEnvironments,
  promotionPath,
  promotionTargets,
  rolesForGroups,
  rolesOfUser,
} from "./queries.js";
import { sampleEstateInput } from "./sample-estate.js";
import { validateEstateText } from "./validate-estate.js";
import type { Estate } from "./estate.js";

function estate(): Estate {
  const input = sampleEstateInput() as { tenants: { environments: Record<string, unknown>[] }[] };
  const [dev, prod] = input.tenants[0]!.environments;
  input.tenants[0]!.environments = [
    dev!,
    {
      ...structuredClone(prod!),
      name: "staging",
      kind: "staging",
      hosting: "shared",
      database: { name: "s" },
      kubernetes: { cluster: "k2", namespace: "s" },
    },
    { ...prod!, promotesFrom: "staging" },
    {
      ...structuredClone(prod!),
      name: "training",
      kind: "training",
      promotesFrom: "staging",
      database: { name: "t" },
      kubernetes: { cluster: "k3", namespace: "t" },
    },
  ];
  const result = validateEstateText(stringify(input), "estate.yaml");
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.estate;
}

describe("estate queries", () => {
  const e = estate();

  it("lists environments with what they inherit", () => {
    expect(listEnvironments(e).map((v) => [v.id, v.hosting, v.timezone, v.promotesFrom])).toEqual([
      ["acme/dev", "dedicated", "Europe/Berlin", undefined],
      ["acme/staging", "shared", "Europe/Berlin", "acme/dev"],
      ["acme/prod", "dedicated", "Europe/Berlin", "acme/staging"],
      ["acme/training", "dedicated", "Europe/Berlin", "acme/staging"],
    ]);
  });

  it("finds an environment by tenant/environment", () => {
    expect(findEnvironment(e, "acme/staging")?.environment.kind).toBe("staging");
    expect(findEnvironment(e, "acme/nope")).toBeUndefined();
    expect(findEnvironment(e, "staging")).toBeUndefined();
  });

  it("walks the promotion path up to an environment, and the next steps down", () => {
    expect(promotionPath(e, "acme/prod").map((v) => v.id)).toEqual(["acme/dev", "acme/staging", "acme/prod"]);
    expect(promotionPath(e, "acme/dev").map((v) => v.id)).toEqual(["acme/dev"]);
    expect(promotionPath(e, "acme/nope")).toEqual([]);
    expect(promotionTargets(e, "acme/staging").map((v) => v.id)).toEqual(["acme/prod", "acme/training"]);
  });

  it("stops on a cycle in an estate that was not validated", () => {
    const cyclic = structuredClone(e);
    cyclic.tenants[0]!.environments[0]!.promotesFrom = "prod";
    expect(promotionPath(cyclic, "acme/prod").map((v) => v.id)).toEqual([
      "acme/dev",
      "acme/staging",
      "acme/prod",
    ]);
  });

  it("finds tenants and tiers, and the roles of users and groups", () => {
    expect(findTenant(e, "acme")?.stores).toBe(3);
    expect(findTier(e, "major")?.approvals).toEqual([
      { role: "release-manager", count: 1 },
      { role: "cab", count: 3 },
    ]);
    expect(rolesOfUser(e, "rita")).toEqual(["release-manager", "approver"]);
    expect(rolesOfUser(e, "nobody")).toEqual([]);
    expect(rolesForGroups(e, ["acme-cab", "unknown"])).toEqual(["cab"]);
  });
});
