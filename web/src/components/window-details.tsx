import { useEffect, useRef } from "react";
import { get } from "../api/client.js";
import type { ListedWindow } from "../api/types.js";
import { Link } from "../router.js";
import { formatSpan, MY_ZONE } from "../time/zoned.js";
import { useApi } from "../use-api.js";
import { entryEnd, entryStart, entryZone, type CalendarEntry } from "../pages/calendar-model.js";
import { StateBadge } from "./badges.js";
import { Loading, ProblemMessage } from "./problem-message.js";

/** The rule of a window in words: one-off, recurring, anchored, business days or trading hours. */
export function describeRule(w: Readonly<Record<string, unknown>>): string {
  const zone =
    typeof w.timezone === "string" ? ` (${w.timezone})` : " (floating: each environment's own zone)";
  if (typeof w.start === "string") return `One-off from ${w.start} to ${String(w.end)}${zone}`;
  const r = w.recurrence as
    { dtstart?: string; rrule?: string; duration?: string; exdates?: string[] } | undefined;
  if (r)
    return `Recurring ${r.rrule ?? ""} from ${r.dtstart ?? "?"}, lasting ${r.duration ?? "?"}${r.exdates?.length ? `, except ${r.exdates.join(", ")}` : ""}${zone}`;
  const a = w.anchor as { event?: string; offsetDays?: number; time?: string; duration?: string } | undefined;
  if (a) {
    const off = a.offsetDays ?? 0;
    return `Every year ${Math.abs(off)} day${Math.abs(off) === 1 ? "" : "s"} ${off < 0 ? "before" : "after"} ${a.event ?? "?"}${a.time ? ` at ${a.time}` : ""}, lasting ${a.duration ?? "?"}${zone}`;
  }
  const b = w.businessDays as { lastOfMonth?: number; firstOfNextMonth?: number } | undefined;
  if (b)
    return `Around each month end: the last ${b.lastOfMonth ?? 0} and first ${b.firstOfNextMonth ?? 0} business days (the region's weekend and holidays excluded)${zone}`;
  if (w.outsideTradingHours)
    return "Whenever the region's stores are closed (outside trading hours, in the region's zone)";
  return "—";
}

export function describeScope(scope: unknown): string {
  if (!scope || typeof scope !== "object") return "every environment that uses the calendar";
  const parts = Object.entries(scope as Record<string, string[]>).map(([k, v]) => `${k}: ${v.join(", ")}`);
  return parts.join("; ");
}

function WindowRule({ calendar, name }: { calendar: string; name: string }) {
  const listed = useApi(`windows:${calendar}`, (signal) =>
    get<{ windows: ListedWindow[] }>(
      `/api/v1/calendars/${encodeURIComponent(calendar)}/windows`,
      undefined,
      signal,
    ),
  );
  if (listed.problem) return <ProblemMessage problem={listed.problem} />;
  if (!listed.data) return <Loading what="the window's rule" />;
  const w = listed.data.windows.find((x) => x.window.name === name);
  if (!w) return <p>The window is no longer in the calendar.</p>;
  return (
    <>
      <dt>Rule</dt>
      <dd data-testid="window-rule">{describeRule(w.window)}</dd>
      <dt>Scope</dt>
      <dd data-testid="window-scope">{describeScope(w.window.scope)}</dd>
      <dt>Source</dt>
      <dd>
        {w.source}
        {w.import ? ` (import ${w.import})` : ""}
        {w.createdBy ? `, added by ${w.createdBy}` : ""}
      </dd>
    </>
  );
}

/** A modal dialog explaining a calendar entry: when (in both zones and UTC), the rule, scope and exemptions. */
export function WindowDetails({
  entry,
  myZone,
  onClose,
}: {
  entry: CalendarEntry;
  myZone: string | undefined;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  const zone = entryZone(entry);
  const start = entryStart(entry);
  const end = entryEnd(entry);
  const title =
    entry.type === "window"
      ? `${entry.occurrence.kind === "freeze" ? "Freeze" : "Maintenance window"}: ${entry.occurrence.window}`
      : `Release #${entry.release.id}`;
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="window-title"
      onClose={onClose}
      data-testid="window-details"
    >
      <h2 id="window-title">{title}</h2>
      <dl className="facts">
        <dt>Environment</dt>
        <dd>{entry.environment}</dd>
        <dt>Local time ({zone})</dt>
        <dd data-testid="local-span">
          {formatSpan(start, end, zone)} {zone}
        </dd>
        {(myZone ?? MY_ZONE) !== zone && (
          <>
            <dt>My time ({MY_ZONE})</dt>
            <dd data-testid="my-span">{formatSpan(start, end, MY_ZONE)}</dd>
          </>
        )}
        <dt>UTC</dt>
        <dd data-testid="utc-span">
          {start.replace(/:00(\.000)?Z$/, "Z")} → {end.replace(/:00(\.000)?Z$/, "Z")}
        </dd>
        {entry.type === "window" ? (
          <>
            <dt>Calendar</dt>
            <dd>{entry.occurrence.calendar}</dd>
            {entry.occurrence.description && (
              <>
                <dt>Why</dt>
                <dd>{entry.occurrence.description}</dd>
              </>
            )}
            <dt>Exempt tiers</dt>
            <dd data-testid="exempt-tiers">
              {entry.occurrence.kind === "maintenance"
                ? "— (a maintenance window allows releases)"
                : entry.occurrence.exemptTiers?.length
                  ? entry.occurrence.exemptTiers.join(", ")
                  : "none: no release may start"}
            </dd>
            {entry.occurrence.exemptApprovals?.length ? (
              <>
                <dt>Extra approvals for exempt releases</dt>
                <dd>{entry.occurrence.exemptApprovals.map((a) => `${a.count} × ${a.role}`).join(", ")}</dd>
              </>
            ) : null}
            <WindowRule calendar={entry.occurrence.calendar} name={entry.occurrence.window} />
          </>
        ) : (
          <>
            <dt>Release</dt>
            <dd>
              <Link href={`/releases/${entry.release.id}`}>{entry.release.summary}</Link>{" "}
              <StateBadge state={entry.release.state} />
            </dd>
            <dt>Tier</dt>
            <dd>{entry.release.tier}</dd>
          </>
        )}
      </dl>
      <form method="dialog">
        <button type="submit" className="button button-primary" autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
}
