import { parse, type OptionSpec } from "./option.js";

/** Every option of `orc serve`. */
export const serverOptions = {
  host: {
    flag: "--host <address>",
    env: "ORC_HOST",
    description: "address to listen on",
    default: "127.0.0.1",
    parse: parse.string,
  } satisfies OptionSpec<string>,
  port: {
    flag: "--port <port>",
    env: "ORC_PORT",
    description: "TCP port to listen on (0 picks a free one)",
    default: 8080,
    parse: parse.port,
  } satisfies OptionSpec<number>,
  dataDir: {
    flag: "--data-dir <dir>",
    env: "ORC_DATA_DIR",
    description: "data directory: embedded database, admin token file, audit signing key, checkpoints",
    default: ".orc",
    parse: parse.string,
  } satisfies OptionSpec<string>,
  databaseUrl: {
    flag: "--database-url <url>",
    env: "DATABASE_URL",
    description: "PostgreSQL server (≥ 15) to use instead of the embedded database",
    parse: parse.databaseUrl,
    secret: true,
  } satisfies OptionSpec<string>,
  estate: {
    flag: "--estate <file>",
    env: "ORC_ESTATE",
    description: "estate file to serve (else ./estate.yaml when present, else the Northwind demo)",
    parse: parse.string,
  } satisfies OptionSpec<string>,
  demoData: {
    flag: "--demo-data <mode>",
    env: "ORC_DEMO_DATA",
    description:
      "auto: on first start of the bundled demo estate with no releases, seed demo releases (once); off: never",
    default: "auto",
    parse: parse.demoData,
  } satisfies OptionSpec<"auto" | "off">,
  logLevel: {
    flag: "--log-level <level>",
    env: "ORC_LOG_LEVEL",
    description: "log level (fatal, error, warn, info, debug, trace, silent)",
    default: "info",
    parse: parse.logLevel,
  } satisfies OptionSpec<"fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent">,
  checkpointEvery: {
    flag: "--checkpoint-every <events>",
    env: "ORC_CHECKPOINT_EVERY",
    description: "sign an audit checkpoint after this many new events",
    default: 1000,
    parse: parse.positiveInt,
  } satisfies OptionSpec<number>,
  checkpointIntervalSeconds: {
    flag: "--checkpoint-interval <seconds>",
    env: "ORC_CHECKPOINT_INTERVAL",
    description: "sign an audit checkpoint at least this often when there are new events",
    default: 300,
    parse: parse.positiveInt,
  } satisfies OptionSpec<number>,
  auditKeyFile: {
    flag: "--audit-key-file <file>",
    env: "ORC_AUDIT_KEY_FILE",
    description:
      "Ed25519 private key (PEM) that signs audit checkpoints; created in the data directory when absent",
    parse: parse.string,
  } satisfies OptionSpec<string>,
  oidcIssuer: {
    flag: "--oidc-issuer <url>",
    env: "ORC_OIDC_ISSUER",
    description:
      "OpenID Connect provider (issuer URL) for single sign-on; SSO is off when absent (docs/sso.md)",
    parse: parse.httpUrl,
  } satisfies OptionSpec<string>,
  oidcClientId: {
    flag: "--oidc-client-id <id>",
    env: "ORC_OIDC_CLIENT_ID",
    description: "client id of orc at the OpenID provider",
    parse: parse.string,
  } satisfies OptionSpec<string>,
  oidcClientSecret: {
    flag: "--oidc-client-secret <secret>",
    env: "ORC_OIDC_CLIENT_SECRET",
    description:
      "client secret at the OpenID provider (prefer the env var; absent: a public client, PKCE only)",
    parse: parse.string,
    secret: true,
  } satisfies OptionSpec<string>,
  publicUrl: {
    flag: "--public-url <url>",
    env: "ORC_PUBLIC_URL",
    description:
      "URL at which people reach orc (https://orc.example.com); the SSO redirect URI is <url>/auth/callback",
    parse: parse.httpUrl,
  } satisfies OptionSpec<string>,
  oidcScopes: {
    flag: "--oidc-scopes <scopes>",
    env: "ORC_OIDC_SCOPES",
    description: "scopes requested at sign-in (must include openid)",
    default: ["openid", "profile", "email", "groups"],
    parse: parse.list,
  } satisfies OptionSpec<readonly string[]>,
  oidcGroupsClaim: {
    flag: "--oidc-groups-claim <claim>",
    env: "ORC_OIDC_GROUPS_CLAIM",
    description:
      "claim holding the user's groups, mapped to roles by the estate's roles.groups (a.b for nested)",
    default: "groups",
    parse: parse.string,
  } satisfies OptionSpec<string>,
  oidcUserClaims: {
    flag: "--oidc-user-claims <claims>",
    env: "ORC_OIDC_USER_CLAIMS",
    description:
      "claims naming the user, first present wins; matched to the estate's roles.users by name or email",
    default: ["preferred_username", "email", "sub"],
    parse: parse.list,
  } satisfies OptionSpec<readonly string[]>,
  oidcRequireMfa: {
    flag: "--oidc-require-mfa <yes|no>",
    env: "ORC_OIDC_REQUIRE_MFA",
    description:
      "SSO sessions need multi-factor sign-in (amr) for admin actions and approvals; API tokens are exempt",
    default: false,
    parse: parse.boolean,
  } satisfies OptionSpec<boolean>,
  sessionLifetime: {
    flag: "--session-lifetime <duration>",
    env: "ORC_SESSION_LIFETIME",
    description: "how long an SSO session lasts (ISO 8601 duration)",
    default: "PT8H",
    parse: parse.isoDuration,
  } satisfies OptionSpec<string>,
} as const;
