import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { formatApiToken, hashTokenSecret, parseApiToken, tokenSecretMatches } from "./api-token.js";
import { auditActor, hasAnyRole } from "./principal.js";

describe("API tokens", () => {
  it("round-trips through parse and matches only its own secret", () => {
    const { token, parts } = formatApiToken(randomBytes(6), randomBytes(32));
    expect(token).toMatch(/^orc_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(parseApiToken(token)).toEqual(parts);
    const stored = hashTokenSecret(parts.secret);
    expect(tokenSecretMatches(parts.secret, stored)).toBe(true);
    expect(tokenSecretMatches(`${parts.secret.slice(0, -1)}A`, stored)).toBe(parts.secret.endsWith("A"));
  });

  it("rejects strings that are not tokens", () => {
    for (const bad of [
      "",
      "orc_",
      "Bearer x",
      "orc_zzzzzzzzzzzz_" + "a".repeat(43),
      "orc_0123456789ab_short",
    ]) {
      expect(parseApiToken(bad)).toBeUndefined();
    }
  });
});

describe("principals", () => {
  it("admin holds every role; others only their own", () => {
    expect(hasAnyRole({ user: "root", roles: ["admin"], via: "token" }, ["auditor"])).toBe(true);
    expect(hasAnyRole({ user: "bob", roles: ["viewer"], via: "token" }, ["auditor", "release-manager"])).toBe(
      false,
    );
    expect(hasAnyRole({ user: "eve", roles: ["auditor"], via: "token" }, ["auditor"])).toBe(true);
  });

  it("names the credential in the audit actor", () => {
    expect(auditActor({ user: "alice", roles: [], via: "token", credentialId: "0123456789ab" })).toBe(
      "user:alice (token 0123456789ab)",
    );
  });
});
