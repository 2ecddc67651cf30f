import type { CalendarSection, CalendarSpec, WindowSpec } from "../calendar/index.js";
import type { Estate } from "../estate/index.js";

/** Where a window comes from: the estate file, the API, or an ICS import. */
export type WindowOrigin = "estate" | "api" | "import";

/** A window kept in the database on top of the estate's calendars: added through the API, or imported. */
export interface OverlayWindow {
  readonly calendar: string;
  readonly window: WindowSpec;
  readonly origin: "api" | "import";
  /** The `icsImports` entry that produced it (origin `import`). */
  readonly importName?: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
}

/** A window of an effective calendar, with where it comes from. */
export interface ListedWindow {
  readonly calendar: string;
  readonly origin: WindowOrigin;
  readonly window: WindowSpec;
  /** For API and imported windows. */
  readonly overlay?: OverlayWindow;
}

/** An overlay window that does not apply, and why (the estate changed since it was stored). */
export interface IgnoredOverlayWindow {
  readonly overlay: OverlayWindow;
  readonly reason: string;
}

/** The calendars in force: the estate's, with the overlay's windows added. */
export interface EffectiveCalendars {
  /** What the calendar engine reads. */
  readonly section: CalendarSection;
  /** Every window of each calendar: the estate's in file order, then the overlay's by name. */
  readonly windows: ReadonlyMap<string, readonly ListedWindow[]>;
  readonly ignored: readonly IgnoredOverlayWindow[];
  /** Where a window of {@link section} comes from. */
  originOf(window: WindowSpec): WindowOrigin;
}

/**
 * Adds the overlay's windows to the estate's calendars. The estate file stays the source of truth
 * for what it declares: an overlay window whose calendar is gone, whose name the estate now uses,
 * or whose import the estate no longer declares (or now sends to another calendar) is ignored and
 * listed in `ignored`. Calendars without overlay windows keep their estate objects, so the engine's
 * compiled windows and expansion caches survive an overlay change.
 */
export function effectiveCalendars(
  estate: Pick<Estate, "regions" | "calendars" | "icsImports">,
  overlay: readonly OverlayWindow[],
): EffectiveCalendars {
  const byCalendar = new Map<string, OverlayWindow[]>();
  const ignored: IgnoredOverlayWindow[] = [];
  const declared = new Map(estate.calendars.map((c) => [c.name, new Set(c.windows.map((w) => w.name))]));
  const imports = new Map(estate.icsImports.map((i) => [i.name, i.mapping.calendar]));
  for (const o of overlay) {
    const names = declared.get(o.calendar);
    const reason = !names
      ? `calendar ${o.calendar} is no longer in the estate`
      : names.has(o.window.name)
        ? `the estate now declares a window ${o.calendar}/${o.window.name}`
        : o.origin === "import" && imports.get(o.importName ?? "") !== o.calendar
          ? `the estate no longer imports ${o.importName ?? "?"} into ${o.calendar}`
          : undefined;
    if (reason) {
      ignored.push({ overlay: o, reason });
      continue;
    }
    const list = byCalendar.get(o.calendar) ?? [];
    list.push(o);
    byCalendar.set(o.calendar, list);
  }

  const origins = new Map<WindowSpec, WindowOrigin>();
  const windows = new Map<string, ListedWindow[]>();
  const calendars: CalendarSpec[] = estate.calendars.map((calendar) => {
    const listed: ListedWindow[] = calendar.windows.map((w) => ({
      calendar: calendar.name,
      origin: "estate",
      window: w,
    }));
    const added = (byCalendar.get(calendar.name) ?? []).sort((a, b) =>
      a.window.name < b.window.name ? -1 : a.window.name > b.window.name ? 1 : 0,
    );
    for (const o of added) {
      listed.push({ calendar: calendar.name, origin: o.origin, window: o.window, overlay: o });
      origins.set(o.window, o.origin);
    }
    windows.set(calendar.name, listed);
    return added.length === 0
      ? calendar
      : { ...calendar, windows: [...calendar.windows, ...added.map((o) => o.window)] };
  });
  return {
    section: { regions: estate.regions, calendars },
    windows,
    ignored,
    originOf: (w) => origins.get(w) ?? "estate",
  };
}
