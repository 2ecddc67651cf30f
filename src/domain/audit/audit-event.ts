import { hash as oneShotHash } from "node:crypto";
import { canonicalJson } from "./canonical-json.js";

/** Hash that precedes the first event of a chain: 64 zeros. */
export const GENESIS_HASH = "0".repeat(64);

/** What a caller says happened; the store adds sequence, time and hashes. */
export interface AuditEventInput {
  /** Who did it: `user:alice`, `token:ab12cd`, `system`. */
  readonly actor: string;
  /** What happened, dotted and past tense: `estate.reloaded`, `token.created`. */
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string;
  /** JSON payload. Never put secrets here: the trail is exported to auditors. */
  readonly payload: Readonly<Record<string, unknown>>;
}

/** An event as stored: gap-free sequence, time, and its place in the hash chain. */
export interface AuditEvent extends AuditEventInput {
  readonly seq: number;
  /** ISO 8601 UTC with milliseconds. */
  readonly ts: string;
  readonly prevHash: string;
  readonly hash: string;
}

/**
 * SHA-256 (hex) over `prevHash` and the canonical (RFC 8785) encoding of the event's fields. Any change
 * to a field, the order or the link to the previous event changes the hash.
 */
export function hashAuditEvent(event: Omit<AuditEvent, "hash">): string {
  // The canonical encoding of {action, actor, payload, seq, subjectId, subjectType, ts}: keys already in
  // RFC 8785 order, so only the payload needs the generic canonicalizer (this is the verification hot path).
  const body =
    `{"action":${JSON.stringify(event.action)},"actor":${JSON.stringify(event.actor)},` +
    `"payload":${canonicalJson(event.payload)},"seq":${JSON.stringify(event.seq)},` +
    `"subjectId":${JSON.stringify(event.subjectId)},"subjectType":${JSON.stringify(event.subjectType)},` +
    `"ts":${JSON.stringify(event.ts)}}`;
  return oneShotHash("sha256", `${event.prevHash}\n${body}`, "hex");
}

/** Builds the next event of a chain whose head is `(headSeq, headHash)`. */
export function chainAuditEvent(
  input: AuditEventInput,
  head: { readonly seq: number; readonly hash: string },
  ts: Date,
): AuditEvent {
  const unsealed = { ...input, seq: head.seq + 1, ts: ts.toISOString(), prevHash: head.hash };
  return { ...unsealed, hash: hashAuditEvent(unsealed) };
}
