import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

/** Claims of a test account, as the provider releases them (`sub` is the account id). */
export type TestAccountClaims = Readonly<Record<string, unknown>>;

export interface TestIdentityProvider {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  close(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (for a server whose URL must be known before it starts). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/**
 * A real, certified OpenID Provider (`oidc-provider`) on a free port, with one confidential client for orc
 * (PKCE required) and the given accounts. Its login page is replaced by a form handler at
 * `POST /interaction/:uid` taking `login` (the account id) and `amr` (comma-separated methods): it
 * finishes the login with that `amr` and grants the requested scopes, the way a real login and consent
 * page would, through the provider's own interaction API.
 */
export async function startIdentityProvider(options: {
  readonly redirectUris: readonly string[];
  readonly accounts: Readonly<Record<string, TestAccountClaims>>;
}): Promise<TestIdentityProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = "orc";
  const clientSecret = randomBytes(24).toString("base64url");
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const signingKey = { ...privateKey.export({ format: "jwk" }), kid: "test-key", use: "sig", alg: "RS256" };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [...options.redirectUris],
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [signingKey] },
    findAccount: (_ctx, id) => {
      const claims = options.accounts[id];
      return claims ? { accountId: id, claims: () => ({ sub: id, ...claims }) } : undefined;
    },
    claims: {
      openid: ["sub", "amr"],
      profile: ["preferred_username", "name"],
      email: ["email", "email_verified"],
      groups: ["groups"],
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    cookies: { keys: [randomBytes(16).toString("hex")] },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
      Grant: 600,
    },
  });

  server.on("request", (req, res) => {
    const m = /^\/interaction\/([^/?]+)$/.exec(req.url ?? "");
    if (!m) {
      provider.callback()(req, res);
      return;
    }
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        if (req.method !== "POST") {
          res.writeHead(200, { "content-type": "text/html" });
          res.end(
            `<form method="post"><input name="login"><input name="amr"><button>Sign in</button></form>`,
          );
          return;
        }
        const form = await formBody(req);
        const accountId = form.get("login") ?? "";
        if (!options.accounts[accountId]) {
          await provider.interactionFinished(
            req,
            res,
            { error: "access_denied", error_description: "unknown user or wrong password" },
            { mergeWithLastSubmission: false },
          );
          return;
        }
        const amr = (form.get("amr") ?? "pwd").split(",").filter(Boolean);
        const clientIdOfRequest = String(details.params.client_id);
        const grant = new provider.Grant({ accountId, clientId: clientIdOfRequest });
        grant.addOIDCScope(String(details.params.scope));
        const grantId = await grant.save();
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId, amr }, consent: { grantId } },
          { mergeWithLastSubmission: false },
        );
      } catch (e) {
        res.writeHead(400, { "content-type": "text/plain" });
        res.end(`interaction failed: ${String(e)}`);
      }
    })();
  });

  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
