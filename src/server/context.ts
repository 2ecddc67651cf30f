import type { Logger } from "pino";
import type { Estate } from "../domain/estate/index.js";
import type { AuditLog } from "../services/audit-log.js";
import type { CalendarFeedService } from "../services/calendar-feed-service.js";
import type { CalendarImportService } from "../services/calendar-import-service.js";
import type { CalendarService } from "../services/calendar-service.js";
import type { EstateHolder } from "../services/estate-holder.js";
import type { ReleaseScheduleService } from "../services/release-schedule-service.js";
import type { ReleaseService } from "../services/release-service.js";
import type { SsoService } from "../services/sso-service.js";
import type { TokenService } from "../services/token-service.js";
import type { Db } from "../store/index.js";
import type { ServerMetrics } from "./metrics.js";

/** Everything a route handler may use. Built once by `serve`; tests build their own. */
export interface ServerContext {
  readonly db: Db;
  readonly audit: AuditLog;
  readonly tokens: TokenService;
  readonly estate: EstateHolder<Estate>;
  /** Release windows: decisions, agendas, windows added through the API, imports and feeds. */
  readonly calendars: CalendarService;
  readonly calendarImports: CalendarImportService;
  readonly calendarFeeds: CalendarFeedService;
  readonly releases: ReleaseService;
  /** The schedule of releases against the calendars: conflicts, what-if, agenda and feed slots. */
  readonly schedule: ReleaseScheduleService;
  /** Single sign-on, when an OpenID provider is configured. */
  readonly sso?: SsoService;
  readonly metrics: ServerMetrics;
  readonly log: Logger;
  readonly now: () => Date;
  readonly version: string;
}
