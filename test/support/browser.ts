/** A cookie as a browser keeps it. */
export interface StoredCookie {
  readonly value: string;
  readonly path: string;
  /** The raw Set-Cookie line, to assert on its attributes. */
  readonly raw: string;
}

/**
 * Just enough of a browser for sign-in flows: fetch without following redirects, and a cookie jar per
 * origin that honours Path and Max-Age, so each server sees only its own cookies, as in a real browser.
 */
export class Browser {
  private readonly jar = new Map<string, Map<string, StoredCookie>>();

  /** One request; cookies for its origin and path are sent, Set-Cookie answers are stored. */
  async request(
    url: string | URL,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<Response> {
    const target = new URL(url);
    const cookies = [...(this.jar.get(target.origin) ?? new Map<string, StoredCookie>())]
      .filter(
        ([, c]) => target.pathname === c.path || target.pathname.startsWith(c.path.replace(/\/?$/, "/")),
      )
      .map(([name, c]) => `${name}=${c.value}`);
    const res = await fetch(target, {
      method: init.method ?? "GET",
      redirect: "manual",
      headers: { ...(cookies.length ? { cookie: cookies.join("; ") } : {}), ...init.headers },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    for (const line of res.headers.getSetCookie()) this.store(target, line);
    return res;
  }

  /** Follows redirects from `url` until a Location satisfies `stop` (not requested) or a non-redirect answer. */
  async follow(
    url: string,
    stop: (location: URL) => boolean,
  ): Promise<{ location?: URL; response: Response }> {
    let next = new URL(url);
    for (let hop = 0; hop < 10; hop++) {
      const res = await this.request(next);
      const location = res.headers.get("location");
      if (res.status < 300 || res.status >= 400 || !location) return { response: res };
      next = new URL(location, next);
      if (stop(next)) return { location: next, response: res };
    }
    throw new Error(`too many redirects from ${url}`);
  }

  cookie(origin: string, name: string): StoredCookie | undefined {
    return this.jar.get(new URL(origin).origin)?.get(name);
  }

  /** Puts a cookie back (to replay a captured one). */
  setCookie(origin: string, name: string, value: string, path = "/"): void {
    const o = new URL(origin).origin;
    if (!this.jar.has(o)) this.jar.set(o, new Map());
    this.jar.get(o)!.set(name, { value, path, raw: `${name}=${value}; Path=${path}` });
  }

  forget(origin: string, name: string): void {
    this.jar.get(new URL(origin).origin)?.delete(name);
  }

  private store(target: URL, line: string): void {
    const [pair = "", ...attributes] = line.split(";").map((s) => s.trim());
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    let path = "/";
    let deleted = false;
    for (const a of attributes) {
      const [k = "", v = ""] = a.split("=");
      if (k.toLowerCase() === "path") path = v;
      if (k.toLowerCase() === "max-age" && Number(v) <= 0) deleted = true;
      if (k.toLowerCase() === "expires" && new Date(v).getTime() < Date.now()) deleted = true;
    }
    const cookies = this.jar.get(target.origin) ?? new Map<string, StoredCookie>();
    this.jar.set(target.origin, cookies);
    if (deleted) cookies.delete(name);
    else cookies.set(name, { value, path, raw: line });
  }
}
