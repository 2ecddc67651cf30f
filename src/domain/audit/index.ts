export { canonicalJson } from "./canonical-json.js";
export {
  GENESIS_HASH,
  chainAuditEvent,
  hashAuditEvent,
  type AuditEvent,
  type AuditEventInput,
} from "./audit-event.js";
export { MerkleFrontier, merkleTreeHash, type MerkleFrontierState } from "./merkle.js";
export {
  checkpointBody,
  keyId,
  signCheckpoint,
  verifyCheckpointNote,
  type Checkpoint,
  type CheckpointCheck,
  type CheckpointSigner,
  type CheckpointVerifier,
} from "./checkpoint.js";
export {
  AuditChainVerifier,
  describeChainBreak,
  type ChainBreak,
  type ChainVerification,
} from "./chain-verifier.js";
