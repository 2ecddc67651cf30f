import { InvalidArgumentError } from "commander";
import { ROLES, type Role } from "../../domain/identity/index.js";
import { addApiOptions, apiTarget, callApi, type ApiFlags } from "../api-client.js";
import type { CliCommand } from "../command.js";
import { printJson } from "../io.js";
import { formatTable } from "../text-table.js";

interface TokenInfo {
  id: string;
  user: string;
  roles: string[];
  description: string;
  createdAt: string;
  createdBy: string;
  expiresAt?: string;
  revokedAt?: string;
  lastUsedAt?: string;
}

function collectRole(value: string, previous: Role[] = []): Role[] {
  const role = ROLES.find((r) => r === value);
  if (!role) throw new InvalidArgumentError(`unknown role "${value}"; roles are ${ROLES.join(", ")}`);
  return [...previous, role];
}

/** `orc token create|list|revoke` (admin; through the server's API). */
export const tokenCommand: CliCommand = {
  name: "token",
  register(program, io) {
    const token = program
      .command("token")
      .description("manage API tokens (admin; talks to the running server)");
    addApiOptions(
      token
        .command("create")
        .description("create a token bound to a user and roles; prints the token once")
        .requiredOption("--user <name>", "who the token acts as")
        .requiredOption("--role <role>", `a role (repeat for several): ${ROLES.join(", ")}`, collectRole)
        .option("--description <text>", "what the token is for (e.g. 'CI pipeline of retail-addons')")
        .option("--expires <iso-datetime>", "expiry, e.g. 2027-01-31T00:00:00Z")
        .option("--json", "print JSON"),
    ).action(
      async (
        flags: ApiFlags & {
          user: string;
          role: Role[];
          description?: string;
          expires?: string;
          json?: boolean;
        },
      ) => {
        const created = await callApi<{ token: string; info: TokenInfo }>(
          apiTarget(flags, io),
          "POST",
          "/api/v1/tokens",
          {
            user: flags.user,
            roles: flags.role,
            ...(flags.description ? { description: flags.description } : {}),
            ...(flags.expires ? { expiresAt: flags.expires } : {}),
          },
        );
        if (flags.json) return printJson(io, created);
        io.out(`${created.token}\n`);
        io.err(
          `token ${created.info.id} for ${created.info.user} (${created.info.roles.join(", ")}); it is shown only now.\n`,
        );
      },
    );
    addApiOptions(
      token.command("list").description("list tokens (never their secrets)").option("--json", "print JSON"),
    ).action(async (flags: ApiFlags & { json?: boolean }) => {
      const { tokens } = await callApi<{ tokens: TokenInfo[] }>(
        apiTarget(flags, io),
        "GET",
        "/api/v1/tokens",
      );
      if (flags.json) return printJson(io, tokens);
      const rows = tokens.map((t) => [
        t.id,
        t.user,
        t.roles.join(","),
        t.revokedAt ? "revoked" : t.expiresAt && new Date(t.expiresAt) < new Date() ? "expired" : "active",
        t.lastUsedAt ?? "never",
        t.description,
      ]);
      io.out(`${formatTable([["ID", "USER", "ROLES", "STATE", "LAST USED", "DESCRIPTION"], ...rows])}\n`);
    });
    addApiOptions(
      token.command("revoke").description("revoke a token").argument("<id>", "token id (12 hex)"),
    ).action(async (id: string, flags: ApiFlags) => {
      await callApi(apiTarget(flags, io), "DELETE", `/api/v1/tokens/${encodeURIComponent(id)}`);
      io.out(`token ${id} revoked\n`);
    });
  },
};
