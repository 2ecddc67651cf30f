import type { SsoSettings } from "../config/sso-settings.js";
import type { SetCookie } from "./route.js";

/** The session cookie: HttpOnly, so scripts never see it. */
export const SESSION_COOKIE = "orc_session";
/** Readable by the dashboard's scripts, which echo it in {@link CSRF_HEADER}; useless without the session. */
export const CSRF_COOKIE = "orc_csrf";
/** Binds a sign-in in progress to the browser that started it; only sent to /auth. */
export const LOGIN_COOKIE = "orc_login";
/** Cookie-authenticated POST/PUT/PATCH/DELETE must carry this header with the session's CSRF token. */
export const CSRF_HEADER = "x-orc-csrf";

// Lax, not Strict: the provider's redirect back to /auth/callback is a cross-site top-level navigation,
// and the first page after it must see the session. Lax still keeps the cookies off cross-site POSTs.
const base = (settings: SsoSettings) => ({ secure: settings.secureCookies, sameSite: "lax" as const });

/** The cookies of a freshly opened session. */
export function sessionCookies(
  settings: SsoSettings,
  s: { secret: string; csrfToken: string; expiresAt: Date },
  now: Date,
): SetCookie[] {
  const maxAge = Math.max(0, Math.round((s.expiresAt.getTime() - now.getTime()) / 1000));
  return [
    {
      name: SESSION_COOKIE,
      value: s.secret,
      options: { ...base(settings), httpOnly: true, path: "/", maxAge },
    },
    {
      name: CSRF_COOKIE,
      value: s.csrfToken,
      options: { ...base(settings), httpOnly: false, path: "/", maxAge },
    },
  ];
}

/** Cookies that delete the session's cookies (sign-out). */
export function clearedSessionCookies(settings: SsoSettings): SetCookie[] {
  return [
    { name: SESSION_COOKIE, value: "", options: { ...base(settings), httpOnly: true, path: "/", maxAge: 0 } },
    { name: CSRF_COOKIE, value: "", options: { ...base(settings), httpOnly: false, path: "/", maxAge: 0 } },
  ];
}

/** The cookie of a sign-in in progress, or (value "", maxAge 0) its deletion. */
export function loginCookie(settings: SsoSettings, value: string, maxAge: number): SetCookie {
  return { name: LOGIN_COOKIE, value, options: { ...base(settings), httpOnly: true, path: "/auth", maxAge } };
}
