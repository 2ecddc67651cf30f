import type { Diagnostic } from "../diagnostic.js";

/**
 * A structural pass over iCalendar text that keeps physical line numbers, which ical.js does not
 * report (and ical.js accepts some malformed values silently, e.g. `DTSTART:2026garbage`). It checks
 * content-line syntax (RFC 5545 §3.1) and BEGIN/END nesting; ical.js then does the real parse and
 * value decoding, and this tree tells the importer which line each component and property is on.
 */

/** One unfolded content line. */
export interface IcsLine {
  /** 1-based physical line where the content line starts. */
  readonly line: number;
  /** Upper-cased property name. */
  readonly name: string;
  /** Parameters with upper-cased names; values without quotes. */
  readonly params: Readonly<Record<string, string>>;
  readonly value: string;
}

/** A component with the lines of its own properties and its subcomponents, in order. */
export interface IcsComponentLines {
  readonly name: string;
  readonly line: number;
  readonly properties: IcsLine[];
  readonly components: IcsComponentLines[];
}

export type IcsScan =
  | { readonly ok: true; readonly calendar: IcsComponentLines }
  | { readonly ok: false; readonly diagnostics: Diagnostic[] };

function error(file: string | undefined, line: number, code: string, message: string): Diagnostic {
  return { ...(file !== undefined ? { file } : {}), line, code, severity: "error", message };
}

/** Parses `NAME *(;PARAM=VALUE) : VALUE`, or returns a reason. */
function parseContentLine(text: string, line: number): IcsLine | string {
  const nameMatch = /^[A-Za-z0-9-]+/.exec(text);
  if (!nameMatch) return `expected a property name at the start of "${preview(text)}"`;
  const name = nameMatch[0].toUpperCase();
  let i = nameMatch[0].length;
  const params: Record<string, string> = {};
  while (text[i] === ";") {
    const p = /^;([A-Za-z0-9-]+)=/.exec(text.slice(i));
    if (!p?.[1]) return `malformed parameter after ${name} in "${preview(text)}"`;
    i += p[0].length;
    const values: string[] = [];
    for (;;) {
      if (text[i] === '"') {
        const close = text.indexOf('"', i + 1);
        if (close < 0) return `unterminated quoted parameter value in "${preview(text)}"`;
        values.push(text.slice(i + 1, close));
        i = close + 1;
      } else {
        const m = /^[^";:,]*/.exec(text.slice(i));
        values.push(m?.[0] ?? "");
        i += m?.[0].length ?? 0;
      }
      if (text[i] !== ",") break;
      i++;
    }
    params[p[1].toUpperCase()] = values.join(",");
  }
  if (text[i] !== ":") return `expected ":" after ${name} in "${preview(text)}"`;
  return { line, name, params, value: text.slice(i + 1) };
}

function preview(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Scans iCalendar text into a component tree with line numbers, or diagnostics for every problem found. */
export function scanIcs(text: string, file?: string): IcsScan {
  const physical = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  const logical: { line: number; text: string }[] = [];
  physical.forEach((raw, index) => {
    if ((raw.startsWith(" ") || raw.startsWith("\t")) && logical.length > 0) {
      const last = logical[logical.length - 1];
      if (last) last.text += raw.slice(1);
      return;
    }
    logical.push({ line: index + 1, text: raw });
  });

  const diagnostics: Diagnostic[] = [];
  const stack: IcsComponentLines[] = [];
  let calendar: IcsComponentLines | undefined;
  const first = logical.find((l) => l.text.trim() !== "");
  if (!first || first.text.trim().toUpperCase() !== "BEGIN:VCALENDAR") {
    const found = first ? `"${preview(first.text.trim())}"` : "an empty file";
    return {
      ok: false,
      diagnostics: [
        error(
          file,
          first?.line ?? 1,
          "ics-structure",
          `expected BEGIN:VCALENDAR, found ${found}; is this an iCalendar file?`,
        ),
      ],
    };
  }
  for (const { line, text: content } of logical) {
    if (content.trim() === "") continue;
    const parsed = parseContentLine(content, line);
    if (typeof parsed === "string") {
      diagnostics.push(error(file, line, "ics-syntax", parsed));
      continue;
    }
    const top = stack[stack.length - 1];
    if (parsed.name === "BEGIN") {
      const component: IcsComponentLines = {
        name: parsed.value.toUpperCase(),
        line,
        properties: [],
        components: [],
      };
      if (top) top.components.push(component);
      else if (calendar) {
        diagnostics.push(
          error(file, line, "ics-structure", `a second top-level component BEGIN:${parsed.value}`),
        );
      } else if (component.name !== "VCALENDAR") {
        diagnostics.push(
          error(file, line, "ics-structure", `expected BEGIN:VCALENDAR, found BEGIN:${parsed.value}`),
        );
      } else {
        calendar = component;
      }
      stack.push(component);
      continue;
    }
    if (parsed.name === "END") {
      const name = parsed.value.toUpperCase();
      const depth = stack.map((c) => c.name).lastIndexOf(name);
      if (depth < 0) {
        diagnostics.push(error(file, line, "ics-structure", `END:${parsed.value} without a matching BEGIN`));
        continue;
      }
      // Components opened after the one this END closes were never closed themselves.
      for (const open of stack.splice(depth).slice(1)) {
        diagnostics.push(
          error(
            file,
            open.line,
            "ics-structure",
            `BEGIN:${open.name} is not closed before END:${name} at line ${line}`,
          ),
        );
      }
      continue;
    }
    if (!top) {
      diagnostics.push(
        error(file, line, "ics-structure", `${parsed.name} outside of BEGIN:VCALENDAR … END:VCALENDAR`),
      );
      continue;
    }
    top.properties.push(parsed);
  }
  for (const open of stack) {
    diagnostics.push(
      error(file, open.line, "ics-structure", `BEGIN:${open.name} is never closed by END:${open.name}`),
    );
  }
  if (!calendar && diagnostics.length === 0) {
    diagnostics.push(error(file, 1, "ics-structure", "no BEGIN:VCALENDAR found; is this an iCalendar file?"));
  }
  if (diagnostics.length > 0 || !calendar) return { ok: false, diagnostics };
  return { ok: true, calendar };
}
