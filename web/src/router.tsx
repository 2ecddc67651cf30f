import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from "react";

// A router of a handful of pages: the path picks the page, the query string holds its filters, so every
// view is a link that can be shared or put on a wall screen. The server answers index.html for each path.

const listeners = new Set<() => void>();

/** Goes to `href` without reloading; `replace` for filter changes that should not pile up in history. */
export function navigate(href: string, replace = false): void {
  if (replace) history.replaceState(null, "", href);
  else history.pushState(null, "", href);
  for (const l of listeners) l();
}

export interface Location {
  readonly path: string;
  readonly query: URLSearchParams;
}

function current(): Location {
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}

export function useLocation(): Location {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const update = () => setLoc(current());
    listeners.add(update);
    window.addEventListener("popstate", update);
    return () => {
      listeners.delete(update);
      window.removeEventListener("popstate", update);
    };
  }, []);
  return loc;
}

/** Replaces some query parameters of the current page (undefined or "" removes one). */
export function setQuery(changes: Readonly<Record<string, string | undefined>>): void {
  const q = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === "") q.delete(k);
    else q.set(k, v);
  }
  const s = q.toString();
  navigate(`${location.pathname}${s ? `?${s}` : ""}`, true);
}

/** An `<a>` that navigates in the page (a plain link for new tabs and modified clicks). */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { onClick, ...rest } = props;
  const click = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(props.href);
    window.scrollTo(0, 0);
  };
  return <a {...rest} onClick={click} />;
}
