import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { formatDiagnostic } from "../diagnostic.js";
import { eventPatternMatches } from "./notifications.js";
import { sampleEstateInput } from "./sample-estate.js";
import { validateEstateText } from "./validate-estate.js";

function withWebhooks(webhooks: unknown[]): string {
  return stringify({ ...sampleEstateInput(), notifications: { webhooks } });
}

const hook = (over: Record<string, unknown> = {}) => ({
  name: "ops",
  url: "https://hooks.example/orc",
  events: ["release.approved"],
  secretEnv: "OPS_SECRET",
  ...over,
});

function lines(text: string): string[] {
  const r = validateEstateText(text, "estate.yaml");
  if (r.ok) throw new Error("expected problems");
  return r.diagnostics.map(formatDiagnostic);
}

describe("estate notifications section", () => {
  it("accepts a webhook and fills in its defaults", () => {
    const r = validateEstateText(withWebhooks([hook({ events: ["release.*"] })]), "estate.yaml");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.estate.notifications?.webhooks[0]).toEqual({
      ...hook({ events: ["release.*"] }),
      timeout: "PT10S",
      maxAttempts: 8,
    });
  });

  it("is optional", () => {
    const r = validateEstateText(stringify(sampleEstateInput()), "estate.yaml");
    expect(r.ok && r.estate.notifications).toBeUndefined();
  });

  it("reports a bad URL, an unknown event with a suggestion and a secret written instead of a name, with lines", () => {
    const text = withWebhooks([
      hook({
        url: "ftp://hooks.example/x",
        events: ["release.aproved", "approved", "deployed"],
        secretEnv: "s3cr3t value!",
      }),
    ]);
    const out = lines(text);
    const lineOf = (needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;
    expect(out.join("\n")).not.toContain("s3cr3t");
    expect(out).toEqual([
      `estate.yaml:${lineOf("ftp://")}:12: error invalid-format: expected an http(s) URL, got the text "ftp://hooks.example/x" at notifications.webhooks[0].url`,
      `estate.yaml:${lineOf("release.aproved")}:11: error invalid-value: unknown event type \`release.aproved\` at notifications.webhooks[0].events[0] — did you mean \`release.approved\`?`,
      `estate.yaml:${lineOf("- approved")}:11: error invalid-value: unknown event type \`approved\` at notifications.webhooks[0].events[1] — did you mean \`release.approved\`?`,
      expect.stringContaining(
        "error invalid-value: unknown event type `deployed` at notifications.webhooks[0].events[2] — event types: release.submitted,",
      ),
      expect.stringMatching(
        /error invalid-format: secretEnv is not the name of an environment variable \(the value is not shown: it may be a secret\) at notifications.webhooks\[0\].secretEnv — write the NAME/,
      ),
    ]);
  });

  it("reports duplicate names, unknown filters and a timeout above a minute", () => {
    const out = lines(
      withWebhooks([
        hook({ tenants: ["acmee"], environments: ["acme/prod", "prd"], tiers: ["standrd"], timeout: "PT5M" }),
        hook(),
      ]),
    );
    expect(out.map((l) => l.replace(/^estate\.yaml:\d+:\d+: /, ""))).toEqual([
      "error dangling-reference: webhook `ops` filters on unknown tenant `acmee` at notifications.webhooks[0].tenants[0] — did you mean `acme`?",
      "error dangling-reference: webhook `ops` filters on unknown environment `prd` at notifications.webhooks[0].environments[1] — did you mean `prod`?",
      "error dangling-reference: webhook `ops` filters on unknown tier `standrd` at notifications.webhooks[0].tiers[0] — did you mean `standard`?",
      "error out-of-range: webhook `ops` has a timeout of PT5M; it must be between PT1S and PT1M at notifications.webhooks[0].timeout — a receiver should answer quickly and do slow work after replying",
      "error duplicate-name: duplicate webhook name `ops` (first declared at notifications.webhooks[0]) at notifications.webhooks[1].name — each webhook name must be unique: deliveries are logged under it",
    ]);
  });

  it("lets tiers name webhooks to notify, and reports unknown names", () => {
    const estate = (names: string[]) => {
      const input: any = { ...sampleEstateInput(), notifications: { webhooks: [hook()] } };
      input.tiers = [
        {
          name: "standard",
          approvals: [{ role: "release-manager" }],
          notify: [{ on: ["approved"], webhooks: names }],
        },
      ];
      return stringify(input);
    };
    expect(validateEstateText(estate(["ops"]), "estate.yaml").ok).toBe(true);
    expect(lines(estate(["opz"])).map((l) => l.replace(/^estate\.yaml:\d+:\d+: /, ""))).toEqual([
      "error dangling-reference: tier `standard` notifies unknown webhook `opz` at tiers[0].notify[0].webhooks[0] — did you mean `ops`?",
    ]);
  });

  it("matches event types exactly or by glob", () => {
    expect(eventPatternMatches("release.*", "release.approved")).toBe(true);
    expect(eventPatternMatches("*", "release.failed")).toBe(true);
    expect(eventPatternMatches("release.approved", "release.approved")).toBe(true);
    expect(eventPatternMatches("release.approved", "release.rejected")).toBe(false);
    expect(eventPatternMatches("release.*", "ping")).toBe(false);
  });
});
