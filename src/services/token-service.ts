import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { OrcError } from "../domain/errors.js";
import {
  auditActor,
  formatApiToken,
  hashTokenSecret,
  parseApiToken,
  tokenSecretMatches,
  type Principal,
  type Role,
} from "../domain/identity/index.js";
import {
  countTokens,
  findToken,
  insertToken,
  listTokens,
  revokeToken,
  touchToken,
  type Db,
  type StoredToken,
} from "../store/index.js";
import type { AuditLog } from "./audit-log.js";

/** What a caller asks for when creating a token. */
export interface TokenRequest {
  readonly user: string;
  readonly roles: readonly Role[];
  readonly description?: string;
  readonly expiresAt?: Date;
}

/** A token as shown to users: everything but the secret hash. */
export type TokenInfo = Omit<StoredToken, "secretHash">;

export type TokenAuthFailure = "malformed" | "unknown" | "revoked" | "expired";

const publicInfo = ({ secretHash: _hash, ...info }: StoredToken): TokenInfo => info;

/** API tokens: creation (audited, secret shown once), authentication, listing, revocation. */
export class TokenService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  async create(request: TokenRequest, by: Principal): Promise<{ token: string; info: TokenInfo }> {
    const { token, parts } = formatApiToken(randomBytes(6), randomBytes(32));
    if (request.expiresAt && request.expiresAt <= this.now()) {
      throw new OrcError("bad-request", "expiresAt must be in the future", { field: "expiresAt" });
    }
    const stored: StoredToken = {
      id: parts.id,
      secretHash: hashTokenSecret(parts.secret),
      user: request.user,
      roles: [...new Set(request.roles)].sort(),
      description: request.description ?? "",
      createdAt: this.now().toISOString(),
      createdBy: by.user,
      ...(request.expiresAt ? { expiresAt: request.expiresAt.toISOString() } : {}),
    };
    await this.db.transaction(async (tx) => {
      await insertToken(tx, stored);
      await this.audit.record(tx, {
        actor: auditActor(by),
        action: "token.created",
        subjectType: "token",
        subjectId: stored.id,
        payload: {
          user: stored.user,
          roles: stored.roles,
          description: stored.description,
          expiresAt: stored.expiresAt ?? null,
        },
      });
    });
    return { token, info: publicInfo(stored) };
  }

  /** The principal behind a presented token, or why it is refused (never which part was wrong to the caller). */
  async authenticate(presented: string): Promise<Principal | TokenAuthFailure> {
    const parts = parseApiToken(presented);
    if (!parts) return "malformed";
    const stored = await findToken(this.db, parts.id);
    if (!stored || !tokenSecretMatches(parts.secret, stored.secretHash)) return "unknown";
    if (stored.revokedAt) return "revoked";
    const now = this.now();
    if (stored.expiresAt && new Date(stored.expiresAt) <= now) return "expired";
    await touchToken(this.db, stored.id, now);
    return { user: stored.user, roles: stored.roles, via: "token", credentialId: stored.id };
  }

  async list(): Promise<TokenInfo[]> {
    return (await listTokens(this.db)).map(publicInfo);
  }

  async revoke(id: string, by: Principal): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await revokeToken(tx, id, this.now()))) {
        throw new OrcError("not-found", `token ${id} does not exist or is already revoked`, { id });
      }
      await this.audit.record(tx, {
        actor: auditActor(by),
        action: "token.revoked",
        subjectType: "token",
        subjectId: id,
        payload: {},
      });
    });
  }

  /**
   * On first start with no token at all, creates an admin token and writes it to `<dataDir>/admin.token`
   * (mode 0600, readable only by the owner). Returns the file path when it created one.
   */
  async bootstrapAdmin(dataDir: string, by: Principal): Promise<string | undefined> {
    if ((await countTokens(this.db)) > 0) return undefined;
    const path = join(dataDir, "admin.token");
    const { token } = await this.create(
      { user: "admin", roles: ["admin"], description: "bootstrap admin token" },
      by,
    );
    if (existsSync(path)) writeFileSync(path, "", { mode: 0o600 });
    writeFileSync(path, `${token}\n`, { mode: 0o600 });
    return path;
  }
}
