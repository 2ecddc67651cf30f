import { createHash, randomBytes } from "node:crypto";
import { Temporal } from "temporal-polyfill";
import { expandWindows, toIcs } from "../domain/calendar/index.js";
import { OrcError } from "../domain/errors.js";
import { calendarContext, findEnvironment } from "../domain/estate/index.js";
import {
  auditActor,
  formatFeedToken,
  hashTokenSecret,
  parseFeedToken,
  tokenSecretMatches,
  type Principal,
} from "../domain/identity/index.js";
import { lookupEnvironment, releaseEvent } from "../domain/release-window/index.js";
import {
  findCalendarFeed,
  insertCalendarFeed,
  listCalendarFeeds,
  revokeCalendarFeed,
  scheduleRevision,
  touchCalendarFeed,
  type Db,
  type StoredCalendarFeed,
} from "../store/index.js";
import type { AuditLog } from "./audit-log.js";
import { inputError, type CalendarService } from "./calendar-service.js";
import type { ReleaseScheduleService } from "./release-schedule-service.js";

/** Days of past occurrences a feed shows. */
export const FEED_DAYS_BACK = 60;
/** Days of future occurrences a feed shows. */
export const FEED_DAYS_AHEAD = 365;
/** How long clients and caches may keep a feed; also the feed's REFRESH-INTERVAL. */
const FEED_MAX_AGE_SECONDS = 3600;

/** A feed subscription as shown to people: never the secret. */
export type FeedInfo = Omit<StoredCalendarFeed, "secretHash">;

/** A new subscription: the URL carries the secret and is shown once. */
export interface CreatedFeed {
  readonly url: string;
  /** The same URL with the `webcal:` scheme, which calendar apps open as a subscription. */
  readonly webcalUrl: string;
  readonly info: FeedInfo;
}

/** A rendered feed, or "not modified". */
export interface FeedResponse {
  readonly status: 200 | 304;
  readonly body?: string;
  readonly etag: string;
  readonly filename: string;
}

const publicInfo = ({ secretHash: _hash, ...info }: StoredCalendarFeed): FeedInfo => info;

/**
 * ICS feeds of an environment's freezes, maintenance windows and scheduled releases, for Outlook, Google Calendar and
 * Apple Calendar to subscribe to. Calendar clients cannot send headers, so each subscription is a
 * secret in the URL's query string, valid for one environment's feed only; only its hash is stored.
 * Feeds cover {@link FEED_DAYS_BACK} days back to {@link FEED_DAYS_AHEAD} ahead from the start of
 * the current UTC day, so they change at most once a day besides estate and overlay changes, and
 * their ETag says so.
 */
export class CalendarFeedService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly calendars: CalendarService,
    private readonly schedule: ReleaseScheduleService,
    private readonly now: () => Date,
    /** Base URL of subscription links (`--public-url`); absent, the request's own origin. */
    private readonly publicUrl?: string,
  ) {}

  /** Creates a subscription to `environment`'s feed (audited); the URL is returned once. */
  async create(
    environment: string,
    description: string,
    by: Principal,
    requestOrigin: string,
  ): Promise<CreatedFeed> {
    const state = await this.calendars.current();
    const found = lookupEnvironment(state.estate, environment);
    if ("field" in found) throw inputError([found], "body");
    const { token, parts } = formatFeedToken(randomBytes(6), randomBytes(32));
    const stored: StoredCalendarFeed = {
      id: parts.id,
      secretHash: hashTokenSecret(parts.secret),
      environment: found.id,
      description,
      createdAt: this.now().toISOString(),
      createdBy: by.user,
    };
    await this.db.transaction(async (tx) => {
      await insertCalendarFeed(tx, stored);
      await this.audit.record(tx, {
        actor: auditActor(by),
        action: "calendar-feed.created",
        subjectType: "calendar-feed",
        subjectId: stored.id,
        payload: { environment: stored.environment, description },
      });
    });
    const base = (this.publicUrl ?? requestOrigin).replace(/\/+$/, "");
    const [tenant, env] = found.id.split("/") as [string, string];
    const url = `${base}/api/v1/calendars/${encodeURIComponent(tenant)}/${encodeURIComponent(env)}.ics?token=${token}`;
    return { url, webcalUrl: url.replace(/^https?:/, "webcal:"), info: publicInfo(stored) };
  }

  async list(): Promise<FeedInfo[]> {
    return (await listCalendarFeeds(this.db)).map(publicInfo);
  }

  async revoke(id: string, by: Principal): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await revokeCalendarFeed(tx, id, this.now()))) {
        throw new OrcError("not-found", `calendar feed ${id} does not exist or is already revoked`, { id });
      }
      await this.audit.record(tx, {
        actor: auditActor(by),
        action: "calendar-feed.revoked",
        subjectType: "calendar-feed",
        subjectId: id,
        payload: {},
      });
    });
  }

  /**
   * The feed of `tenant/environment` for the holder of `token`: 401 without a valid token, 403 for
   * a token of another environment, 404 when the environment left the estate. `ifNoneMatch` is the
   * request's header: a matching ETag gives 304 without rendering.
   */
  async feed(
    tenant: string,
    environment: string,
    token: string | undefined,
    ifNoneMatch: string | undefined,
  ): Promise<FeedResponse> {
    const id = `${tenant}/${environment}`;
    const subscription = await this.authenticate(token);
    if (subscription.environment !== id) {
      throw new OrcError(
        "forbidden",
        `this subscription token opens the calendar of another environment, not ${id}`,
      );
    }
    const state = await this.calendars.current();
    const view = findEnvironment(state.estate, id);
    if (!view) throw new OrcError("not-found", `no environment ${id} in the estate`);
    const now = this.now();
    await touchCalendarFeed(this.db, subscription.id, now);

    const today = Temporal.Instant.fromEpochMilliseconds(now.getTime())
      .toZonedDateTimeISO("UTC")
      .startOfDay();
    const from = today.subtract({ days: FEED_DAYS_BACK }).toInstant();
    const to = today.add({ days: FEED_DAYS_AHEAD + 1 }).toInstant();
    // Any change to a release of this environment (scheduled, moved, cancelled) changes the feed.
    const releases = await scheduleRevision(this.db, id);
    const etag = `"${createHash("sha256")
      .update(`${state.revision}\n${releases}\n${id}\n${from.toString()}\n${to.toString()}`)
      .digest("hex")
      .slice(0, 32)}"`;
    const filename = `${tenant}-${environment}.ics`;
    if (
      ifNoneMatch !== undefined &&
      ifNoneMatch.split(",").some((t) => t.trim() === etag || t.trim() === "*")
    ) {
      return { status: 304, etag, filename };
    }
    const occurrences = expandWindows(state.calendars.section, calendarContext(view), from, to);
    const scheduled = await this.schedule.onEnvironment(state, id, from, to);
    const body = toIcs(occurrences, {
      name: `${state.estate.organization.name}: ${id} freezes, maintenance windows and releases`,
      stamp: state.changedAt,
      uidScope: `${state.estate.organization.id}/${id}`,
      refreshInterval: `PT${FEED_MAX_AGE_SECONDS / 3600}H`,
      releases: scheduled.slots.map((s) =>
        releaseEvent(s, scheduled.conflicts.get(s.id) ?? [], state.changedAt, this.publicUrl),
      ),
    });
    return { status: 200, body, etag, filename };
  }

  /** Cache-Control of feeds: private (the URL is a secret), refreshed hourly. */
  static readonly cacheControl = `private, max-age=${FEED_MAX_AGE_SECONDS}`;

  private async authenticate(token: string | undefined): Promise<StoredCalendarFeed> {
    if (token === undefined || token === "") {
      throw new OrcError(
        "unauthenticated",
        "a calendar feed needs its subscription token (?token=orcfeed_…); create one with POST /api/v1/calendar-feeds",
      );
    }
    const parts = parseFeedToken(token);
    const stored = parts ? await findCalendarFeed(this.db, parts.id) : undefined;
    if (!parts || !stored || !tokenSecretMatches(parts.secret, stored.secretHash)) {
      throw new OrcError("unauthenticated", "the calendar subscription token is not valid");
    }
    if (stored.revokedAt) {
      throw new OrcError(
        "unauthenticated",
        "this calendar subscription was revoked; ask a release manager for a new one",
      );
    }
    return stored;
  }
}
