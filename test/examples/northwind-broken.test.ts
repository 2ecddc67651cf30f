import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/domain/diagnostic.js";
import { validateEstateText } from "../../src/domain/estate/index.js";

// The broken copy of the demo estate: every line marked BROKEN is one problem, and validation reports
// all of them at once, in file order, with line, column and field path.
const file = "examples/northwind/broken-estate.yaml";
const text = readFileSync(new URL(`../../${file}`, import.meta.url), "utf8");

describe("the broken copy of the demo estate", () => {
  it("reports every injected problem with its exact line, column and path", () => {
    const result = validateEstateText(text, file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map((d) => formatDiagnostic(d).slice(file.length + 1))).toEqual([
      '7:13: error invalid-value: expected "orc.dev/v1", got the text "orc.dev/v2" at apiVersion — write apiVersion: orc.dev/v1',
      '20:15: error invalid-timezone: "America/New_Yrok" is not an IANA time zone at regions[1].timezone — did you mean `America/New_York`?',
      "33:11: error duplicate-name: duplicate calendar name `retail-us` (first declared at line 31) at calendars[3].name — each calendar name must be unique; rename or remove one",
      "52:7: error unknown-key: unknown key `displayname` at roles.users[3].displayname — did you mean `displayName`?",
      '86:15: error invalid-value: "auditer" is not one of viewer, engineer, release-manager, approver, cab, auditor, admin at roles.groups[3].roles[0] — did you mean `auditor`?',
      "120:31: error dangling-reference: tier `emergency` notifies unknown user `zoe` at tiers[0].notify[1].users[2] — declare the user under roles.users",
      "153:16: error quorum-unreachable: tier `major` needs 4 approvals from `cab`, but only 3 users hold that role at tiers[2].approvals[1].count — give `cab` to more users, map an OIDC group to it, or lower the count",
      "205:23: error promotion-cycle: promotion cycle: northwind-eu/prod → northwind-eu/staging → northwind-eu/prod at tenants[0].environments[0].promotesFrom — a promotion path must start somewhere: remove promotesFrom from its first environment",
      '207:14: error invalid-duration: "15m" is not an ISO 8601 duration at tenants[0].environments[0].rpo — did you mean `PT15M`?',
      "249:9: error yaml-duplicate-key: key `rto` appears twice in the same mapping at tenants[0].environments[1].rto — YAML keeps only the last one; remove or merge the other",
      "278:13: error dangling-reference: tenant `northwind-us` is in unknown region `us-eats` at tenants[1].region — did you mean `us-east`?",
      "287:18: warning image-not-pinned: production environment `northwind-us/prod` uses an image without a digest at tenants[1].environments[0].odoo.image — pin it as …@sha256:<digest> so what was approved is what runs",
      '310:15: error invalid-value: "stagign" is not one of prod, staging, dev, test, training at tenants[1].environments[1].kind — did you mean `staging`?',
      "356:22: error namespace-conflict: namespace `nw-us-staging` on cluster `shared-nonprod-1` is already used by `northwind-us/staging` (line 332) at tenants[1].environments[2].kubernetes.namespace — give each environment its own namespace",
      "368:5: error unknown-key: unknown key `storse` at tenants[2].storse — did you mean `stores`?",
      '374:19: error wrong-type: expected a string, got the number 16 at tenants[2].environments[0].odoo.series — quote it: "16.0"',
      '376:18: error invalid-image: invalid image reference: the digest "sha256:176dd733b100b265" is not `sha256:` followed by 64 lowercase hex digits at tenants[2].environments[0].odoo.image — copy the digest from your registry or `docker buildx imagetools inspect`',
      "391:36: error dangling-reference: environment `northwind-apac/prod` uses unknown calendar `retail-apac` at tenants[2].environments[0].calendars[1] — declare the calendar under calendars",
      "395:9: error missing-key: missing required key `database` at tenants[2].environments[1].database",
      "414:23: error dangling-reference: environment `northwind-apac/staging` promotes from unknown environment `northwind-apac/qa` at tenants[2].environments[1].promotesFrom — environments of `northwind-apac`: prod, staging, dev",
      "415:36: error dangling-reference: environment `northwind-apac/staging` uses unknown calendar `retail-apac` at tenants[2].environments[1].calendars[1] — declare the calendar under calendars",
    ]);
  });

  it("points each problem at a line marked BROKEN (or the mapping that lacks a key)", () => {
    const result = validateEstateText(text, file);
    if (result.ok) throw new Error("expected problems");
    const lines = text.split("\n");
    for (const d of result.diagnostics) {
      const line = lines[(d.line ?? 0) - 1] ?? "";
      if (d.code === "missing-key" || d.code === "dangling-reference") continue;
      expect(line, `${d.code} at line ${d.line}`).toContain("BROKEN");
    }
  });

  it("reports the same thing twice (deterministic)", () => {
    expect(validateEstateText(text, file)).toEqual(validateEstateText(text, file));
  });
});
