import { generateKeyPairSync } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GENESIS_HASH, chainAuditEvent, type AuditEvent } from "./audit-event.js";
import { AuditChainVerifier, describeChainBreak } from "./chain-verifier.js";
import { signCheckpoint, verifyCheckpointNote } from "./checkpoint.js";
import { MerkleFrontier } from "./merkle.js";

function buildChain(n: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  let head = { seq: 0, hash: GENESIS_HASH };
  for (let i = 0; i < n; i++) {
    const e = chainAuditEvent(
      {
        actor: `user:u${i % 3}`,
        action: "thing.done",
        subjectType: "thing",
        subjectId: `t${i}`,
        payload: { i, tags: ["a", "b"] },
      },
      head,
      new Date(Date.UTC(2026, 10, 28, 0, 0, i)),
    );
    events.push(e);
    head = e;
  }
  return events;
}

function verify(events: readonly AuditEvent[], checkpoints: { size: number; note: string }[] = []) {
  const v = new AuditChainVerifier(checkpoints);
  for (const e of events) if (!v.push(e)) break;
  return v.finish();
}

const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const signer = { name: "orc-test", privateKey };
const keyCheck = { name: "orc-test", publicKey };

function checkpointAt(events: readonly AuditEvent[], size: number) {
  const f = new MerkleFrontier();
  for (const e of events.slice(0, size)) f.push(Buffer.from(e.hash, "hex"));
  return signCheckpoint("orc.test/audit", size, f.root(), signer);
}

describe("audit chain verification", () => {
  it("accepts an untouched chain", () => {
    const r = verify(buildChain(50));
    expect(r).toMatchObject({ ok: true, eventsChecked: 50, headSeq: 50 });
  });

  it("names the altered event when any field of any event changes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 29 }),
        fc.constantFrom("actor", "action", "subjectType", "subjectId", "payload", "ts") as fc.Arbitrary<
          keyof AuditEvent
        >,
        (index, field) => {
          const events = buildChain(30);
          const target = events[index] as AuditEvent;
          const altered = {
            ...target,
            [field]: field === "payload" ? { i: -1 } : field === "ts" ? "2020-01-01T00:00:00.000Z" : "x",
          };
          events[index] = altered;
          const r = verify(events);
          expect(r.ok).toBe(false);
          expect(r.firstBreak).toEqual({ kind: "hash-mismatch", seq: index + 1 });
        },
      ),
    );
  });

  it("reports a deleted event as a gap and a re-linked chain as a broken link", () => {
    const events = buildChain(10);
    expect(verify([...events.slice(0, 4), ...events.slice(5)]).firstBreak).toEqual({
      kind: "gap",
      seq: 6,
      expectedSeq: 5,
    });
    const relinked = events.map((e) => (e.seq === 7 ? { ...e, prevHash: GENESIS_HASH } : e));
    expect(verify(relinked).firstBreak).toEqual({ kind: "broken-link", seq: 7 });
  });

  it("detects a fully re-hashed rewrite through the signed checkpoint", () => {
    const events = buildChain(20);
    const cp10 = checkpointAt(events, 10);
    const cp20 = checkpointAt(events, 20);
    // An attacker with database access edits event 13 and recomputes every hash after it.
    const forged: AuditEvent[] = events.slice(0, 12);
    let head = forged[11] as AuditEvent;
    for (const e of events.slice(12)) {
      const next = chainAuditEvent(
        { ...e, payload: e.seq === 13 ? { i: 999 } : e.payload },
        head,
        new Date(e.ts),
      );
      forged.push(next);
      head = next;
    }
    const withoutCheckpoints = verify(forged);
    expect(withoutCheckpoints.ok).toBe(true);
    const v = new AuditChainVerifier([cp10, cp20], keyCheck);
    for (const e of forged) v.push(e);
    const r = v.finish();
    expect(r.ok).toBe(false);
    expect(r.checkpointsVerified).toBe(1);
    expect(r.firstBreak).toEqual({ kind: "checkpoint-mismatch", seq: 11, checkpointSize: 20 });
    expect(describeChainBreak(r.firstBreak!)).toContain("at or after event 11");
  });

  it("detects rows deleted from the end when a checkpoint covers them", () => {
    const events = buildChain(12);
    const v = new AuditChainVerifier([checkpointAt(events, 12)], keyCheck);
    for (const e of events.slice(0, 9)) v.push(e);
    expect(v.finish().firstBreak).toEqual({ kind: "truncated", seq: 10, checkpointSize: 12 });
  });

  it("rejects a checkpoint signed by another key", () => {
    const events = buildChain(5);
    const other = generateKeyPairSync("ed25519").privateKey;
    const f = new MerkleFrontier();
    for (const e of events) f.push(Buffer.from(e.hash, "hex"));
    const forgedCp = signCheckpoint("orc.test/audit", 5, f.root(), { name: "orc-test", privateKey: other });
    expect(verifyCheckpointNote(forgedCp.note, keyCheck)).toEqual({
      ok: false,
      reason: "no signature by key orc-test",
    });
    const v = new AuditChainVerifier([forgedCp], keyCheck);
    for (const e of events) v.push(e);
    expect(v.finish().firstBreak?.kind).toBe("checkpoint-signature");
  });

  it("writes checkpoints in the signed-note format", () => {
    const cp = checkpointAt(buildChain(3), 3);
    const lines = cp.note.split("\n");
    expect(lines[0]).toBe("orc.test/audit");
    expect(lines[1]).toBe("3");
    expect(Buffer.from(lines[2] as string, "base64").toString("hex")).toBe(cp.root);
    expect(lines[3]).toBe("");
    expect(lines[4]).toMatch(/^\u2014 orc-test [A-Za-z0-9+/=]+$/);
    expect(verifyCheckpointNote(cp.note, keyCheck)).toMatchObject({
      ok: true,
      checkpoint: { size: 3, root: cp.root },
    });
  });
});

describe("event hash encoding", () => {
  it("equals SHA-256 over prevHash, a newline and the RFC 8785 encoding of the event fields", async () => {
    const { createHash } = await import("node:crypto");
    const { canonicalJson } = await import("./canonical-json.js");
    const { hashAuditEvent } = await import("./audit-event.js");
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.nat(),
        (actor, subjectId, payload, seq) => {
          const e = {
            actor,
            action: "a.b",
            subjectType: "t",
            subjectId,
            payload: JSON.parse(JSON.stringify(payload)) as Record<string, unknown>,
            seq,
            ts: "2026-11-28T00:00:00.000Z",
            prevHash: GENESIS_HASH,
          };
          const { prevHash, ...fields } = e;
          const expected = createHash("sha256")
            .update(`${prevHash}\n${canonicalJson(fields)}`)
            .digest("hex");
          expect(hashAuditEvent(e)).toBe(expected);
        },
      ),
    );
  });
});
