import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { OrcError } from "../../domain/errors.js";

/**
 * Loads the Ed25519 key that signs audit checkpoints, creating it (mode 0600) when absent. It lives outside
 * the database on purpose: whoever can rewrite the audit table must not also be able to sign for it.
 * The public half is written next to it (`.pub.pem`) for auditors.
 */
export function loadOrCreateSigningKey(path: string): {
  privateKey: KeyObject;
  publicKey: KeyObject;
  created: boolean;
} {
  if (existsSync(path)) {
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey(readFileSync(path));
    } catch {
      throw new OrcError("config-invalid", `${path} is not a PEM private key`);
    }
    if (privateKey.asymmetricKeyType !== "ed25519") {
      throw new OrcError(
        "config-invalid",
        `${path} holds a ${privateKey.asymmetricKeyType} key; audit checkpoints need Ed25519`,
      );
    }
    return { privateKey, publicKey: createPublicKey(privateKey), created: false };
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  writeFileSync(path, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
  writeFileSync(publicKeyPath(path), publicKey.export({ type: "spki", format: "pem" }), { mode: 0o644 });
  return { privateKey, publicKey, created: true };
}

/** Loads only the public key (for verification by an auditor without the private key). */
export function loadPublicKey(path: string): KeyObject {
  try {
    return createPublicKey(readFileSync(path));
  } catch {
    throw new OrcError("config-invalid", `${path} is not a PEM public or private key`);
  }
}

/** Where the public half of a key file is written. */
export function publicKeyPath(privateKeyPath: string): string {
  return privateKeyPath.replace(/(\.pem)?$/, ".pub.pem");
}
