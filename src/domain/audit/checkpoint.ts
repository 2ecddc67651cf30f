import { createHash, createPublicKey, sign, verify, type KeyObject } from "node:crypto";

/**
 * Signed checkpoints of the audit chain in the C2SP signed-note format (c2sp.org/signed-note,
 * tlog-checkpoint): body `<origin>\n<size>\n<base64 root>\n`, a blank line, then
 * `— <key name> base64(4-byte key id || Ed25519 signature)`. The signing key lives outside the database,
 * so someone who rewrites the table and re-hashes the chain still cannot produce a matching checkpoint.
 */
export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  /** RFC 6962 tree head over the first `size` event hashes, hex. */
  readonly root: string;
  /** The full signed note. */
  readonly note: string;
}

export interface CheckpointSigner {
  readonly name: string;
  readonly privateKey: KeyObject;
}

export interface CheckpointVerifier {
  readonly name: string;
  readonly publicKey: KeyObject;
}

const EM_DASH = "\u2014";

/** The checkpoint body: origin, size and the base64 root, each on its own line. */
export function checkpointBody(origin: string, size: number, rootHex: string): string {
  if (origin.includes("\n") || origin.length === 0)
    throw new TypeError("checkpoint origin must be one non-empty line");
  return `${origin}\n${size}\n${Buffer.from(rootHex, "hex").toString("base64")}\n`;
}

/** Key id per signed-note: first 4 bytes of SHA-256(name || "\n" || 0x01 || raw Ed25519 public key). */
export function keyId(name: string, publicKey: KeyObject): Buffer {
  const raw = rawEd25519(publicKey);
  return createHash("sha256")
    .update(name)
    .update("\n")
    .update(Buffer.from([1]))
    .update(raw)
    .digest()
    .subarray(0, 4);
}

/** Signs a checkpoint and returns it with its note. */
export function signCheckpoint(
  origin: string,
  size: number,
  rootHex: string,
  signer: CheckpointSigner,
): Checkpoint {
  const body = checkpointBody(origin, size, rootHex);
  const publicKey = createPublicKey(signer.privateKey);
  const signature = sign(null, Buffer.from(body), signer.privateKey);
  const blob = Buffer.concat([keyId(signer.name, publicKey), signature]).toString("base64");
  return { origin, size, root: rootHex, note: `${body}\n${EM_DASH} ${signer.name} ${blob}\n` };
}

export type CheckpointCheck =
  { readonly ok: true; readonly checkpoint: Checkpoint } | { readonly ok: false; readonly reason: string };

/** Parses a note and checks its signature by the named key. */
export function verifyCheckpointNote(note: string, verifier: CheckpointVerifier): CheckpointCheck {
  const split = note.indexOf("\n\n");
  if (split < 0) return { ok: false, reason: "not a signed note (no blank line before signatures)" };
  const body = note.slice(0, split + 1);
  const lines = body.split("\n");
  const [origin, sizeText, rootB64] = lines;
  if (!origin || !sizeText || !rootB64 || !/^\d+$/.test(sizeText)) {
    return { ok: false, reason: "malformed checkpoint body" };
  }
  const wantId = keyId(verifier.name, verifier.publicKey);
  for (const line of note.slice(split + 2).split("\n")) {
    const m = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!m || m[1] !== verifier.name) continue;
    const blob = Buffer.from(m[2] as string, "base64");
    if (blob.length < 4 || !blob.subarray(0, 4).equals(wantId)) continue;
    if (verify(null, Buffer.from(body), verifier.publicKey, blob.subarray(4))) {
      const root = Buffer.from(rootB64, "base64").toString("hex");
      return { ok: true, checkpoint: { origin, size: Number(sizeText), root, note } };
    }
    return { ok: false, reason: `signature by ${verifier.name} does not verify` };
  }
  return { ok: false, reason: `no signature by key ${verifier.name}` };
}

function rawEd25519(publicKey: KeyObject): Buffer {
  const der = publicKey.export({ type: "spki", format: "der" });
  return der.subarray(der.length - 32);
}
