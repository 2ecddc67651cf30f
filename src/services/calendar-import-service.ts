import { createHash } from "node:crypto";
import { fetchIcs, redactedUrl, type IcsFetchOptions } from "../adapters/ics-fetch/index.js";
import { canonicalJson } from "../domain/audit/index.js";
import { importIcs, type SkippedEvent } from "../domain/calendar/index.js";
import { formatDiagnostic, type Diagnostic } from "../domain/diagnostic.js";
import { OrcError } from "../domain/errors.js";
import { closestMatches, type IcsImport } from "../domain/estate/index.js";
import { auditActor, type Principal } from "../domain/identity/index.js";
import {
  bumpOverlay,
  deleteImportWindows,
  listCalendarWindows,
  listImportRuns,
  listImportWindows,
  lockOverlay,
  saveImportRun,
  upsertImportWindows,
  type Db,
  type StoredImportRun,
} from "../store/index.js";
import type { AuditLog } from "./audit-log.js";
import type { CalendarService } from "./calendar-service.js";

/** What one import run did. */
export interface ImportOutcome {
  readonly import: string;
  readonly calendar: string;
  /** The URL's origin, or `upload`. */
  readonly source: string;
  /** SHA-256 of the ICS text. */
  readonly contentHash: string;
  /** Windows the import now holds. */
  readonly windows: number;
  readonly added: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly removed: number;
  /** Events the mapping did not select, or cancelled ones. */
  readonly skipped: readonly SkippedEvent[];
  readonly warnings: readonly Diagnostic[];
  readonly changed: boolean;
}

/** An import as declared in the estate, with its last run. */
export interface ImportInfo {
  readonly name: string;
  readonly description?: string;
  readonly calendar: string;
  /** The URL's origin, when the estate names one (the full URL is in the estate). */
  readonly url?: string;
  readonly lastRun?: StoredImportRun;
}

const keyOf = (calendar: string, name: string) => `${calendar}\u0000${name}`;

/**
 * ICS imports: a promotions calendar, uploaded or fetched from the URL the estate names, becomes
 * freezes in the calendar the import's mapping names. Each run replaces what the import produced
 * last time, in one transaction: events keep their windows (names derive from UIDs), changed
 * events update theirs, removed events lose them. Malformed ICS changes nothing and is reported
 * with its line. Runs are audited with their counts; refused runs too.
 */
export class CalendarImportService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly calendars: CalendarService,
    private readonly now: () => Date,
    private readonly fetchOptions: IcsFetchOptions = {},
  ) {}

  /** The imports the estate declares, with their last runs. */
  async list(): Promise<ImportInfo[]> {
    const state = await this.calendars.current();
    const runs = new Map((await listImportRuns(this.db)).map((r) => [r.name, r]));
    return state.estate.icsImports.map((i) => {
      const run = runs.get(i.name);
      return {
        name: i.name,
        ...(i.description ? { description: i.description } : {}),
        calendar: i.mapping.calendar,
        ...(i.url ? { url: redactedUrl(i.url) } : {}),
        ...(run ? { lastRun: run } : {}),
      };
    });
  }

  /** Runs the import `name` on `upload`, or on what its URL serves. */
  async run(name: string, upload: string | undefined, by: Principal): Promise<ImportOutcome> {
    const state = await this.calendars.current();
    const declared = state.estate.icsImports.find((i) => i.name === name);
    if (!declared) throw unknownImport(state.estate.icsImports, name);
    const source = upload !== undefined ? "upload" : declared.url ? redactedUrl(declared.url) : undefined;
    if (source === undefined) {
      throw new OrcError(
        "bad-request",
        `the estate names no url for the ICS import ${name}; upload the file (orc calendar import ${name} --file FILE)`,
      );
    }
    const text = upload ?? (await fetchIcs(declared.url ?? "", this.fetchOptions));
    const contentHash = createHash("sha256").update(text).digest("hex");
    const file = upload !== undefined ? `${name}.ics` : source;
    const result = importIcs(text, declared.mapping, { file });
    if (!result.ok) return this.refuse(declared, source, contentHash, result.diagnostics, by);

    const calendar = result.calendar.name;
    const estateCalendar = state.estate.calendars.find((c) => c.name === calendar);
    const declaredNames = new Set(estateCalendar?.windows.map((w) => w.name) ?? []);
    const desired = result.calendar.windows.map((w) => ({
      calendar,
      name: w.name,
      uid: w.source?.uid ?? w.name,
      spec: w,
    }));
    const clashWithEstate = desired.filter((w) => declaredNames.has(w.name)).map((w) => w.name);
    if (clashWithEstate.length > 0) {
      throw new OrcError(
        "conflict",
        `the estate's calendar ${calendar} already declares ${clashWithEstate.join(", ")}, which the import ${name} would produce; rename the estate's windows`,
      );
    }

    const at = this.now();
    return this.db.transaction(async (tx) => {
      await lockOverlay(tx);
      const existing = new Map(
        (await listImportWindows(tx, name)).map((w) => [keyOf(w.calendar, w.name), w]),
      );
      const others = (await listCalendarWindows(tx)).filter(
        (w) => w.calendar === calendar && w.importName !== name,
      );
      const othersByName = new Map(others.map((w) => [w.name, w]));
      const clash = desired.filter((w) => othersByName.has(w.name));
      if (clash.length > 0) {
        throw new OrcError(
          "conflict",
          `calendar ${calendar} already has ${clash.map((w) => `${w.name} (${othersByName.get(w.name)?.origin === "api" ? "added through the API" : `imported by ${othersByName.get(w.name)?.importName ?? "?"}`})`).join(", ")}`,
        );
      }
      const write: typeof desired = [];
      let added = 0;
      let updated = 0;
      for (const w of desired) {
        const before = existing.get(keyOf(w.calendar, w.name));
        existing.delete(keyOf(w.calendar, w.name));
        if (!before) {
          added++;
          write.push(w);
        } else if (before.uid !== w.uid || canonicalJson(before.spec) !== canonicalJson(w.spec)) {
          updated++;
          write.push(w);
        }
      }
      const gone = [...existing.values()].map((w) => ({ calendar: w.calendar, name: w.name }));
      const removed = await deleteImportWindows(tx, name, gone);
      await upsertImportWindows(tx, name, write, at, by.user);
      const changed = write.length > 0 || removed > 0;
      if (changed) await bumpOverlay(tx, at);
      const outcome: ImportOutcome = {
        import: name,
        calendar,
        source,
        contentHash,
        windows: desired.length,
        added,
        updated,
        unchanged: desired.length - added - updated,
        removed,
        skipped: result.skipped,
        warnings: result.warnings,
        changed,
      };
      await saveImportRun(tx, {
        name,
        calendar,
        source,
        contentHash,
        windows: desired.length,
        skipped: result.skipped.length,
        importedAt: at.toISOString(),
        importedBy: by.user,
      });
      await this.audit.record(tx, {
        actor: auditActor(by),
        action: "calendar.imported",
        subjectType: "calendar-import",
        subjectId: name,
        payload: {
          calendar,
          source,
          contentHash,
          windows: desired.length,
          added,
          updated,
          unchanged: outcome.unchanged,
          removed,
          skipped: result.skipped.length,
          warnings: result.warnings.length,
        },
      });
      return outcome;
    });
  }

  private async refuse(
    declared: IcsImport,
    source: string,
    contentHash: string,
    diagnostics: readonly Diagnostic[],
    by: Principal,
  ): Promise<never> {
    const errors = diagnostics.filter((d) => d.severity === "error");
    await this.audit.recordAlone({
      actor: auditActor(by),
      action: "calendar.import-refused",
      subjectType: "calendar-import",
      subjectId: declared.name,
      payload: {
        calendar: declared.mapping.calendar,
        source,
        contentHash,
        problems: errors.length,
        first: errors.slice(0, 5).map((d) => ({ code: d.code, line: d.line ?? null })),
      },
    });
    const first = errors[0];
    throw new OrcError(
      "validation-failed",
      `the calendar of the ICS import ${declared.name} is malformed (${errors.length} ${errors.length === 1 ? "problem" : "problems"}; nothing was imported): ${first ? formatDiagnostic(first) : "no detail"}`,
      {
        errors: errors.map((d) => ({
          path: d.path ?? "",
          message: d.message,
          code: d.code,
          ...(d.file !== undefined ? { file: d.file } : {}),
          ...(d.line !== undefined ? { line: d.line } : {}),
          ...(d.column !== undefined ? { column: d.column } : {}),
        })),
      },
    );
  }
}

function unknownImport(imports: readonly IcsImport[], name: string): OrcError {
  const names = imports.map((i) => i.name);
  const close = closestMatches(name, names);
  const hint = close.length
    ? `; did you mean ${close.map((c) => `\`${c}\``).join(" or ")}?`
    : names.length
      ? `; the estate declares ${names.join(", ")}`
      : "; the estate declares none (icsImports)";
  return new OrcError("not-found", `no ICS import ${name} in the estate${hint}`);
}
