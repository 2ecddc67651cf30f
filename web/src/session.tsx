import { createContext, useContext } from "react";
import type { Me, Role } from "./api/types.js";

/** Who is signed in, for every page. */
export const SessionContext = createContext<Me | undefined>(undefined);

export function useMe(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error("useMe outside a signed-in page");
  return me;
}

/** Whether the signed-in person holds one of `roles` (admin passes every check, as on the server). */
export function hasRole(me: Me, ...roles: readonly Role[]): boolean {
  return me.roles.includes("admin") || roles.some((r) => me.roles.includes(r));
}
