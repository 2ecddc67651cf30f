import type { AgendaView, WindowCheck } from "../domain/release-window/index.js";
import { isOrcError, OrcError } from "../domain/errors.js";
import { apiTarget, callApi, type ApiFlags } from "./api-client.js";
import type { CliIo } from "./io.js";

// The server's side of `orc window` and `orc calendar show --server`: the same questions, answered
// with the windows added through the API and the imported promotions too.

function environmentPath(environment: string): string {
  const [tenant, env] = environment.split("/");
  if (!tenant || !env || environment.split("/").length !== 2) {
    throw new OrcError(
      "bad-request",
      `"${environment}" is not an environment id like northwind-eu/prod (tenant/environment)`,
    );
  }
  return `/api/v1/environments/${encodeURIComponent(tenant)}/${encodeURIComponent(env)}`;
}

/** An unknown environment is bad usage on the command line, as it is when the estate is read locally. */
export async function asUsage<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (isOrcError(e, "not-found")) throw new OrcError("bad-request", e.message, e.context);
    throw e;
  }
}

/** Asks the server for a decision. */
export function remoteWindowCheck(
  flags: ApiFlags,
  io: CliIo,
  question: {
    environment: string;
    tier: string;
    duration: string;
    at?: string;
    disruptive?: boolean;
    horizonDays?: number;
  },
): Promise<WindowCheck> {
  const query = new URLSearchParams({ tier: question.tier, duration: question.duration });
  if (question.at !== undefined) query.set("at", question.at);
  if (question.disruptive) query.set("disruptive", "true");
  if (question.horizonDays !== undefined) query.set("horizonDays", String(question.horizonDays));
  return asUsage(() =>
    callApi<WindowCheck>(
      apiTarget(flags, io),
      "GET",
      `${environmentPath(question.environment)}/decision?${query.toString()}`,
    ),
  );
}

/** Asks the server for an agenda. */
export function remoteAgenda(
  flags: ApiFlags,
  io: CliIo,
  environment: string,
  period: { from?: string; to?: string },
): Promise<AgendaView> {
  const query = new URLSearchParams();
  if (period.from !== undefined) query.set("from", period.from);
  if (period.to !== undefined) query.set("to", period.to);
  const q = query.toString();
  return asUsage(() =>
    callApi<AgendaView>(
      apiTarget(flags, io),
      "GET",
      `${environmentPath(environment)}/agenda${q ? `?${q}` : ""}`,
    ),
  );
}
