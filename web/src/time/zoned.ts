// Instants shown in a chosen IANA zone with Intl (no date library): the environment's zone by default,
// the viewer's own when they toggle it.

/** The viewer's own zone, as the browser reports it. */
export const MY_ZONE: string = Intl.DateTimeFormat().resolvedOptions().timeZone;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string, kind: "parts" | "short"): Intl.DateTimeFormat {
  const key = `${zone}|${kind}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      weekday: "short",
      ...(kind === "short" ? { timeZoneName: "short" } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** Wall-clock fields of an instant in a zone. */
export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly weekday: string;
  /** `YYYY-MM-DD` */
  readonly date: string;
  /** `HH:MM` */
  readonly time: string;
}

export function wallClock(instant: string | Date, zone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const p of formatter(zone, "parts").formatToParts(new Date(instant))) parts[p.type] = p.value;
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  const hour = Number(parts.hour) % 24;
  const minute = Number(parts.minute);
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    year,
    month,
    day,
    hour,
    minute,
    weekday: parts.weekday ?? "",
    date: `${year}-${pad(month)}-${pad(day)}`,
    time: `${pad(hour)}:${pad(minute)}`,
  };
}

/** `Fri 2026-11-27 00:00` in `zone`. */
export function formatInstant(instant: string | Date, zone: string): string {
  const w = wallClock(instant, zone);
  return `${w.weekday} ${w.date} ${w.time}`;
}

/** `Fri 2026-11-27 00:00 → Tue 2026-12-01 00:00`, the end's date left out when it is the same day. */
export function formatSpan(start: string, end: string, zone: string): string {
  const s = wallClock(start, zone);
  const e = wallClock(end, zone);
  const endText = s.date === e.date ? e.time : `${e.weekday} ${e.date} ${e.time}`;
  return `${s.weekday} ${s.date} ${s.time} → ${endText}`;
}

/** A short relative time: `in 3 d 4 h`, `2 h ago`. */
export function relative(instant: string, now: number = Date.now()): string {
  const ms = new Date(instant).getTime() - now;
  const abs = Math.abs(ms);
  const minutes = Math.round(abs / 60_000);
  const text =
    minutes < 60
      ? `${minutes} min`
      : minutes < 48 * 60
        ? `${Math.floor(minutes / 60)} h ${minutes % 60 ? `${minutes % 60} min` : ""}`.trim()
        : `${Math.floor(minutes / 1440)} d ${Math.floor((minutes % 1440) / 60)} h`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

/** The UTC instant of `YYYY-MM-DD` 00:00 (calendar grid days are plain dates). */
export function dateKey(year: number, month: number, day: number): string {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.toISOString().slice(0, 10);
}

/** Days from `from` to `to` (inclusive), as `YYYY-MM-DD`. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}
