import { realpathSync } from "node:fs";
import { join, resolve } from "node:path";
import pino, { type Logger } from "pino";
import { DEMO_ESTATE_PATH, locateEstateFile } from "../adapters/estate-file/index.js";
import { openIdRelyingParty } from "../adapters/oidc/index.js";
import { loadOrCreateSigningKey } from "../adapters/keys/signing-key-file.js";
import { OrcError } from "../domain/errors.js";
import type { Estate } from "../domain/estate/index.js";
import { SYSTEM } from "../domain/identity/index.js";
import type { ResolvedOptions } from "../config/option.js";
import type { serverOptions } from "../config/server-options.js";
import { ssoSettingsFrom } from "../config/sso-settings.js";
import { AuditLog } from "../services/audit-log.js";
import { CalendarFeedService } from "../services/calendar-feed-service.js";
import { CalendarImportService } from "../services/calendar-import-service.js";
import { CalendarService } from "../services/calendar-service.js";
import { seedDemoReleases, type DemoSeedOutcome } from "../services/demo-seeder.js";
import { EstateHolder, type EstateLoad } from "../services/estate-holder.js";
import { NotificationService, type SecretSource } from "../services/notification-service.js";
import { WebhookDeliverer, type WebhookDelivererOptions } from "../services/webhook-deliverer.js";
import {
  ESTATE_POLICIES,
  type LifecycleListener,
  type ReleasePolicyEvaluator,
} from "../services/release-hooks.js";
import { ReleaseScheduleService } from "../services/release-schedule-service.js";
import { ReleaseService } from "../services/release-service.js";
import { SsoService } from "../services/sso-service.js";
import { TokenService } from "../services/token-service.js";
import { openDb } from "../store/index.js";
import { buildApp } from "./app.js";
import type { ServerContext } from "./context.js";
import { ServerMetrics } from "./metrics.js";
import { allRoutes } from "./routes/index.js";
import { registerDashboard, type DashboardStatus } from "./web/dashboard.js";
import { ORC_VERSION } from "../version.js";

export type ServeOptions = ResolvedOptions<typeof serverOptions>;

/** A started server: where it listens, and how to stop it cleanly. */
export interface RunningServer {
  readonly url: string;
  readonly ctx: ServerContext;
  /** Set on first start with an empty store: the file holding the bootstrap admin token. */
  readonly adminTokenFile?: string;
  readonly backend: string;
  /** Whether the web dashboard is served, or why not (not built). */
  readonly dashboard: DashboardStatus;
  /**
   * Seeding the demo releases (`--demo-data auto` on the bundled demo estate), which runs in the
   * background once the server listens; settles when it is done or skipped, never rejects.
   */
  readonly demoSeed: Promise<DemoSeedOutcome>;
  close(): Promise<void>;
}

/** What the server is built from besides its options; tests pass a clock. */
export interface ServerDeps {
  readonly loadEstate: (source: string) => Promise<EstateLoad<Estate>>;
  /** @default pino at opts.logLevel on stdout */
  readonly log?: Logger;
  /** @default the system clock */
  readonly now?: () => Date;
  /**
   * Told about release lifecycle events in their transaction. @default the webhook outbox
   * (`notifications.webhooks` of the estate)
   */
  readonly lifecycleListener?: LifecycleListener;
  /** Where webhook secrets are read from. @default process.env */
  readonly env?: SecretSource;
  /** Tuning of the webhook deliverer (tests shorten the retry schedule). @default its defaults */
  readonly webhookDelivery?: Partial<
    Pick<WebhookDelivererOptions, "pollMs" | "batch" | "leaseMs" | "retry" | "random" | "owner">
  >;
  /**
   * The organization's rules for release decisions (policy as code).
   * @default the current estate's `policies` ({@link ESTATE_POLICIES})
   */
  readonly policyEvaluator?: ReleasePolicyEvaluator;
}

/** Key name in signed checkpoints. */
const CHECKPOINT_KEY_NAME = "orc-audit";

/**
 * Starts the control plane: opens the store (embedded by default), loads the estate (refusing to start on
 * an invalid one), creates the bootstrap admin token on first start, serves the API, and signs audit
 * checkpoints periodically and at shutdown.
 */
export async function startServer(opts: ServeOptions, deps: ServerDeps): Promise<RunningServer> {
  const { loadEstate } = deps;
  const log = deps.log ?? pino({ level: opts.logLevel });
  const now = deps.now ?? (() => new Date());
  const ssoSettings = ssoSettingsFrom(opts);
  const dataDir = resolve(opts.dataDir);
  const { db, migrations } = await openDb(
    { dataDir, ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}) },
    now,
  );
  let closing = false;
  let auditLog: AuditLog | undefined;
  try {
    log.info(
      { backend: db.backend, dataDir, migrationsApplied: migrations.applied, schema: migrations.current },
      "store opened",
    );
    const key = loadOrCreateSigningKey(opts.auditKeyFile ?? join(dataDir, "audit-signing-key.pem"));
    const metrics = new ServerMetrics();
    let sinceCheckpoint = 0;
    let checkpointing: Promise<unknown> = Promise.resolve();
    const audit = (auditLog = new AuditLog({
      db,
      now,
      signer: { name: CHECKPOINT_KEY_NAME, privateKey: key.privateKey },
      verifier: { name: CHECKPOINT_KEY_NAME, publicKey: key.publicKey },
      checkpointDir: join(dataDir, "checkpoints"),
      onSealed: (events) => {
        for (const e of events) metrics.auditAppended.inc({ action: e.action });
        metrics.auditHead.set(events[events.length - 1]?.seq ?? 0);
        sinceCheckpoint += events.length;
        if (sinceCheckpoint >= opts.checkpointEvery) scheduleCheckpoint();
      },
      onSealError: (err) => log.warn({ err: String(err) }, "audit sealing failed; will retry"),
    }));
    const scheduleCheckpoint = () => {
      sinceCheckpoint = 0;
      checkpointing = checkpointing
        .then(() => audit.checkpoint())
        .catch((err: unknown) => log.warn({ err: String(err) }, "audit checkpoint failed; will retry"));
    };
    const tokens = new TokenService(db, audit, now);
    const estateFile = await locateEstateFile({ file: opts.estate, env: {}, cwd: process.cwd() });
    const estate = new EstateHolder(estateFile.path, loadEstate, db, audit, now);
    const sso = ssoSettings
      ? new SsoService(ssoSettings, openIdRelyingParty(ssoSettings), db, audit, estate, now)
      : undefined;
    const calendars = new CalendarService(db, audit, estate, now, log);
    const currentEstate = () => estate.current()?.estate;
    const env = deps.env ?? process.env;
    const notifications = new NotificationService(db, audit, { estate: currentEstate, env }, now);
    const deliverer = new WebhookDeliverer({
      db,
      estate: currentEstate,
      log,
      env,
      now,
      userAgent: `orc/${ORC_VERSION}`,
      onAttempt: (webhook, outcome) => metrics.webhookAttempts.inc({ webhook, outcome }),
      ...deps.webhookDelivery,
    });
    const releases = new ReleaseService({
      db,
      audit,
      estate: currentEstate,
      calendars: async () => (await calendars.current()).calendars.section,
      now,
      listener: deps.lifecycleListener ?? notifications.listener(),
      policies: deps.policyEvaluator ?? ESTATE_POLICIES,
    });
    const schedule = new ReleaseScheduleService(db, calendars, now);
    const ctx: ServerContext = {
      db,
      audit,
      tokens,
      estate,
      calendars,
      calendarImports: new CalendarImportService(db, audit, calendars, now),
      calendarFeeds: new CalendarFeedService(db, audit, calendars, schedule, now, opts.publicUrl),
      releases,
      notifications,
      schedule,
      metrics,
      log,
      now,
      version: ORC_VERSION,
      ...(sso ? { sso } : {}),
    };

    audit.start();
    const loaded = await estate.reload(SYSTEM);
    metrics.estateReloads.inc({ outcome: loaded.ok ? "loaded" : "refused" });
    if (!loaded.ok) {
      throw new OrcError(
        "estate-invalid",
        `the estate ${estateFile.path} is invalid (${loaded.diagnostics.length} problems); run \`orc estate validate ${estateFile.path}\``,
        {
          diagnostics: loaded.diagnostics,
        },
      );
    }
    const adminTokenFile = await tokens.bootstrapAdmin(dataDir, SYSTEM);
    await audit.recordAlone({
      actor: "system",
      action: "server.started",
      subjectType: "server",
      subjectId: db.backend,
      payload: {
        version: ORC_VERSION,
        pid: process.pid,
        backend: db.backend,
        schema: migrations.current,
        ...(ssoSettings ? { sso: { issuer: ssoSettings.issuer, clientId: ssoSettings.clientId } } : {}),
      },
    });

    const app = buildApp(ctx, allRoutes);
    const dashboard = await registerDashboard(app, log);
    const address = await app.listen({ host: opts.host, port: opts.port });
    const timer = setInterval(scheduleCheckpoint, opts.checkpointIntervalSeconds * 1000);
    timer.unref();
    deliverer.start();
    const demoSeed = seedDemoDataInBackground({
      mode: opts.demoData,
      isDemoEstate: samePath(estateFile.path, DEMO_ESTATE_PATH),
      start: () => seedDemoReleases({ db, audit, releases, estate: estate.current()?.estate as Estate, now }),
      log,
    });
    return {
      url: address.replace("[::1]", "localhost"),
      ctx,
      backend: db.backend,
      dashboard,
      ...(adminTokenFile ? { adminTokenFile } : {}),
      demoSeed,
      async close() {
        if (closing) return;
        closing = true;
        clearInterval(timer);
        await app.close();
        await demoSeed;
        await deliverer.stop();
        await audit.stop();
        scheduleCheckpoint();
        await checkpointing;
        await db.close();
      },
    };
  } catch (e) {
    await auditLog?.stop().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw e;
  }
}

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
}

/**
 * Starts seeding the demo releases without holding up the server: the outcome is logged in one line
 * (what was seeded and how long it took), and a failure is a warning, never a crash.
 */
function seedDemoDataInBackground(input: {
  readonly mode: ServeOptions["demoData"];
  readonly isDemoEstate: boolean;
  readonly start: () => Promise<DemoSeedOutcome>;
  readonly log: Logger;
}): Promise<DemoSeedOutcome> {
  if (input.mode === "off") return Promise.resolve({ seeded: false, reason: "off", ms: 0 });
  if (!input.isDemoEstate) return Promise.resolve({ seeded: false, reason: "not-demo-estate", ms: 0 });
  const { log } = input;
  return input.start().then(
    (outcome) => {
      if (outcome.seeded) {
        log.info(
          {
            releases: outcome.releases.map((r) => `${r.id} ${r.state}`).join(", "),
            ms: outcome.ms,
          },
          "demo releases seeded (the Northwind demo; --demo-data off to skip)",
        );
      } else {
        log.debug({ reason: outcome.reason, ms: outcome.ms }, "demo releases not seeded");
      }
      return outcome;
    },
    (err: unknown) => {
      log.warn({ err: String(err) }, "seeding the demo releases failed");
      return { seeded: false, reason: "failed", ms: 0 } as const;
    },
  );
}
