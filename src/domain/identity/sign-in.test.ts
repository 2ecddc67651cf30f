import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { Estate } from "../estate/estate.js";
import { sampleEstateInput } from "../estate/sample-estate.js";
import { validateEstateText } from "../estate/validate-estate.js";
import { claimAt, isMultiFactor, mfaSatisfied, resolveSignIn, type ClaimMapping } from "./sign-in.js";

function estate(): Estate {
  const input = sampleEstateInput() as { roles: Record<string, unknown> };
  input.roles = {
    users: [
      { name: "rita", email: "Rita.Rossi@acme.example", roles: ["release-manager", "approver"] },
      { name: "sam", roles: ["engineer"] },
    ],
    groups: [
      { group: "acme-cab", roles: ["cab"] },
      { group: "acme-release", roles: ["release-manager"] },
      { group: "/acme/ops", roles: ["viewer"] },
    ],
  };
  const result = validateEstateText(stringify(input), "estate.yaml");
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.estate;
}

const mapping: ClaimMapping = { userClaims: ["preferred_username", "email", "sub"], groupsClaim: "groups" };

describe("resolving a sign-in to an identity with roles", () => {
  const e = estate();

  it("joins the user's own roles with those of their mapped groups, sorted, without duplicates", () => {
    const r = resolveSignIn(
      e,
      {
        sub: "00u1",
        preferred_username: "rita",
        groups: ["acme-cab", "acme-release", "unmapped"],
        amr: ["pwd"],
      },
      mapping,
    );
    expect(r).toEqual({
      ok: true,
      identity: {
        user: "rita",
        subject: "00u1",
        groups: ["acme-cab", "acme-release", "unmapped"],
        mappedGroups: ["acme-cab", "acme-release"],
        amr: ["pwd"],
        roles: ["approver", "cab", "release-manager"],
      },
    });
  });

  it("finds an estate user by e-mail, case-insensitively, and names them by their estate name", () => {
    const r = resolveSignIn(e, { sub: "x", email: "rita.rossi@ACME.example" }, mapping);
    expect(r).toMatchObject({ ok: true, identity: { user: "rita", roles: ["approver", "release-manager"] } });
  });

  it("takes the first present user claim, skipping empty or control-character values", () => {
    const r = resolveSignIn(
      e,
      { sub: "sam", preferred_username: "  ", email: "bad\u0007@x", groups: "acme-cab" },
      mapping,
    );
    expect(r).toMatchObject({
      ok: true,
      identity: { user: "sam", groups: ["acme-cab"], roles: ["cab", "engineer"] },
    });
  });

  it("reads groups from a nested claim (realm_access.roles) or a namespaced one with dots in its name", () => {
    const nested = resolveSignIn(
      e,
      { sub: "k", preferred_username: "kim", realm_access: { roles: ["acme-cab"] } },
      { ...mapping, groupsClaim: "realm_access.roles" },
    );
    expect(nested).toMatchObject({ ok: true, identity: { roles: ["cab"] } });
    const namespaced = resolveSignIn(
      e,
      { sub: "k", preferred_username: "kim", "https://acme.example/groups": ["/acme/ops"] },
      { ...mapping, groupsClaim: "https://acme.example/groups" },
    );
    expect(namespaced).toMatchObject({ ok: true, identity: { roles: ["viewer"] } });
    expect(claimAt({ a: { b: [1] } }, "a.b")).toEqual([1]);
    expect(claimAt({ a: [{ b: 1 }] }, "a.0.b")).toBeUndefined();
  });

  it("refuses a person with no role, saying who they are and what was checked", () => {
    const r = resolveSignIn(e, { sub: "m", preferred_username: "mallory", groups: ["contractors"] }, mapping);
    expect(r).toMatchObject({ ok: false, reason: "no-role", user: "mallory", subject: "m" });
    if (!r.ok) {
      expect(r.message).toBe(
        "signed in as mallory, but no role is mapped to you: you are not in the estate's roles.users and none of your 1 groups (claim groups) is in roles.groups; ask an admin to map you",
      );
    }
  });

  it("refuses tokens without a subject or any user claim", () => {
    expect(resolveSignIn(e, { preferred_username: "rita" }, mapping)).toMatchObject({
      ok: false,
      reason: "no-subject",
    });
    expect(resolveSignIn(e, { sub: "s1" }, { ...mapping, userClaims: ["preferred_username"] })).toMatchObject(
      {
        ok: false,
        reason: "no-user-claim",
        subject: "s1",
      },
    );
  });

  it("caps what a provider can put into a session", () => {
    const groups = Array.from({ length: 5000 }, (_, i) => `g${i}`);
    const r = resolveSignIn(e, { sub: "sam", groups: [...groups, "x".repeat(600), 42] }, mapping);
    expect(r.ok && r.identity.groups.length).toBe(1000);
  });
});

describe("multi-factor sign-in", () => {
  it("counts mfa and second-factor methods, not a password alone", () => {
    expect(isMultiFactor(["pwd"])).toBe(false);
    expect(isMultiFactor([])).toBe(false);
    expect(isMultiFactor(undefined)).toBe(false);
    for (const m of ["mfa", "otp", "hwk", "swk", "sc", "fpt", "face"])
      expect(isMultiFactor(["pwd", m]), m).toBe(true);
  });

  it("applies to SSO sessions only; tokens and the system are exempt", () => {
    expect(mfaSatisfied({ user: "a", roles: ["admin"], via: "oidc", amr: ["pwd"] })).toBe(false);
    expect(mfaSatisfied({ user: "a", roles: ["admin"], via: "oidc", amr: ["pwd", "mfa"] })).toBe(true);
    expect(mfaSatisfied({ user: "a", roles: ["admin"], via: "oidc" })).toBe(false);
    expect(mfaSatisfied({ user: "ci", roles: ["admin"], via: "token" })).toBe(true);
    expect(mfaSatisfied({ user: "orc", roles: ["admin"], via: "system" })).toBe(true);
  });
});
