import { describe, expect, it } from "vitest";
import { Notifications, Tier, type Estate } from "../estate/index.js";
import { webhookBody, webhooksFor } from "./webhook-payload.js";

const estate = {
  tiers: [
    Tier.parse({ name: "standard", notify: [{ on: ["approved"], webhooks: ["cab-board"] }] }),
    Tier.parse({ name: "major" }),
  ],
  notifications: Notifications.parse({
    webhooks: [
      { name: "all", url: "https://a.example/", events: ["*"], secretEnv: "A" },
      {
        name: "prod",
        url: "https://b.example/",
        events: ["release.*"],
        environments: ["prod"],
        secretEnv: "B",
      },
      {
        name: "eu-major",
        url: "https://c.example/",
        events: ["release.failed"],
        tenants: ["eu"],
        tiers: ["major"],
        secretEnv: "C",
      },
      {
        name: "cab-board",
        url: "https://d.example/",
        events: ["release.failed"],
        tenants: ["us"],
        secretEnv: "D",
      },
    ],
  }),
} as unknown as Estate;

const names = (type: string, tenant: string, environments: string[], tier: string) =>
  webhooksFor(estate, { type, tenant, environments, tier }).map((h) => h.name);

describe("webhooksFor", () => {
  it("selects by event pattern and by every filter given", () => {
    expect(names("release.failed", "eu", ["eu/staging", "eu/prod"], "major")).toEqual([
      "all",
      "prod",
      "eu-major",
    ]);
    expect(names("release.failed", "eu", ["eu/staging"], "major")).toEqual(["all", "eu-major"]);
    expect(names("release.failed", "eu", ["eu/staging"], "standard")).toEqual(["all"]);
    expect(names("release.failed", "us", ["us/staging"], "standard")).toEqual(["all", "cab-board"]);
    expect(names("ping", "eu", ["eu/prod"], "major")).toEqual(["all"]);
  });

  it("adds the webhooks the release's tier names for the event, whatever their own filters", () => {
    expect(names("release.approved", "eu", ["eu/staging"], "standard")).toEqual(["all", "cab-board"]);
    expect(names("release.approved", "eu", ["eu/staging"], "major")).toEqual(["all"]);
  });
});

describe("webhookBody", () => {
  it("writes the documented fields in the documented order, then any others sorted", () => {
    const body = webhookBody({
      release: { tier: "t", id: 1, summary: "s", version: 2 },
      actor: "system",
      zeta: 1,
      type: "release.approved",
      id: "evt_1",
      alpha: 2,
    });
    expect(body).toBe(
      '{"id":"evt_1","type":"release.approved","actor":"system","release":{"id":1,"version":2,"tier":"t","summary":"s"},"alpha":2,"zeta":1}',
    );
  });
});
