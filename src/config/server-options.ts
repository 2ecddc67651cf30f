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
} as const;
