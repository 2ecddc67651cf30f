import { describe, expect, it } from "vitest";
import type { Me, ReleaseDecision, ReleaseRecord } from "../api/types.js";
import { voteRule } from "./vote-rule.js";

const decision = {
  approvals: [
    {
      role: "release-manager",
      required: 1,
      approvedBy: [],
      missing: 1,
      eligible: ["bruno"],
      groups: [],
      freezes: [],
      excluded: [{ user: "alice", reason: "alice requested the release" }],
    },
  ],
} as unknown as ReleaseDecision;
const record = (state = "submitted", approvals: unknown[] = []) =>
  ({ release: { requester: "alice", state }, approvals }) as unknown as ReleaseRecord;
const me = (user: string, ...roles: string[]) => ({ user, roles, via: "token" }) as unknown as Me;

describe("who may vote", () => {
  it("explains separation of duties with the server's reason", () => {
    expect(voteRule(me("alice", "release-manager"), record(), decision).blockedBecause).toBe(
      "Separation of duties: you cannot approve this release — alice requested the release.",
    );
  });
  it("lets an eligible approver vote once, while votes are open", () => {
    expect(voteRule(me("bruno", "release-manager"), record(), decision)).toEqual({
      roles: ["release-manager"],
    });
    expect(voteRule(me("bruno", "release-manager"), record("running"), decision).blockedBecause).toMatch(
      /running/,
    );
    const voted = record("approved", [{ approver: "bruno", decision: "approve", role: "release-manager" }]);
    expect(voteRule(me("bruno", "release-manager"), voted, decision).blockedBecause).toMatch(/already voted/);
  });
  it("offers no vote to someone without the role, admins included", () => {
    expect(voteRule(me("ines", "admin"), record(), decision).roles).toEqual([]);
  });
});
