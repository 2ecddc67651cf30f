// The dashboard's one way to the orc API: same origin, an API token from sessionStorage as a bearer
// token, or else the SSO session cookie with its CSRF token echoed in X-Orc-Csrf on state changes.
// Every failure becomes an ApiProblem carrying the RFC 9457 title and detail the server wrote.

const TOKEN_KEY = "orc.token";
const CSRF_COOKIE = "orc_csrf";
const CSRF_HEADER = "X-Orc-Csrf";

/** An RFC 9457 problem from the API, or one made up for a network failure or a non-JSON answer. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly code: string,
    readonly errors: readonly { readonly path: string; readonly message: string }[] = [],
  ) {
    super(`${title}: ${detail}`);
  }
}

/** The API token this tab signed in with (kept in sessionStorage: gone when the tab closes). */
export function storedToken(): string | undefined {
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

export function storeToken(token: string | undefined): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function csrfToken(): string | undefined {
  for (const part of document.cookie.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === CSRF_COOKIE) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

async function problemOf(res: Response): Promise<ApiProblem> {
  const text = await res.text().catch(() => "");
  try {
    const p = JSON.parse(text) as Partial<{
      title: string;
      detail: string;
      code: string;
      errors: { path: string; message: string }[];
    }>;
    if (typeof p.title === "string") {
      return new ApiProblem(res.status, p.title, p.detail ?? "", p.code ?? "unknown", p.errors ?? []);
    }
  } catch {
    // not a problem document: described below
  }
  return new ApiProblem(
    res.status,
    res.statusText || `HTTP ${res.status}`,
    `the server answered ${res.status} without a problem description`,
    "unknown",
  );
}

export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/** Calls the API; resolves with the parsed JSON body, rejects with an {@link ApiProblem}. */
export async function api<T>(
  method: "GET" | "POST" | "PATCH" | "DELETE",
  path: string,
  options: { query?: Query; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  const token = storedToken();
  if (token) headers.authorization = `Bearer ${token}`;
  else if (method !== "GET") {
    const csrf = csrfToken();
    if (csrf) headers[CSRF_HEADER] = csrf;
  }
  if (options.body !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: "same-origin",
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiProblem(
      0,
      "Server unreachable",
      "the orc server did not answer; check that it runs",
      "network",
    );
  }
  if (!res.ok) throw await problemOf(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const get = <T>(path: string, query?: Query, signal?: AbortSignal) =>
  api<T>("GET", path, { ...(query ? { query } : {}), ...(signal ? { signal } : {}) });
export const post = <T>(path: string, body?: unknown) => api<T>("POST", path, { body: body ?? {} });

/** Ends the sign-in: forgets the token, and ends the SSO session on the server when there is one. */
export async function signOut(): Promise<void> {
  const hadToken = storedToken() !== undefined;
  storeToken(undefined);
  if (!hadToken && csrfToken()) {
    await fetch("/auth/logout", {
      method: "POST",
      headers: { [CSRF_HEADER]: csrfToken() ?? "" },
      credentials: "same-origin",
    }).catch(() => undefined);
  }
}
