import { useCallback, useEffect, useState } from "react";
import { ApiProblem } from "./api/client.js";

/** What a page shows while it loads: the data, or the problem, or neither yet. */
export interface Loaded<T> {
  readonly data?: T;
  readonly problem?: ApiProblem;
  readonly loading: boolean;
  readonly reload: () => void;
}

function asProblem(e: unknown): ApiProblem {
  if (e instanceof ApiProblem) return e;
  return new ApiProblem(0, "Unexpected error", e instanceof Error ? e.message : String(e), "client");
}

/** Runs `load` whenever `key` changes (and on reload()), aborting a load that is no longer wanted. */
export function useApi<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Loaded<T> {
  const [state, setState] = useState<{ key: string; data?: T; problem?: ApiProblem; loading: boolean }>({
    key,
    loading: true,
  });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const ctl = new AbortController();
    setState((s) => ({ ...s, key, loading: true }));
    load(ctl.signal).then(
      (data) => !ctl.signal.aborted && setState({ key, data, loading: false }),
      (e: unknown) => {
        if (ctl.signal.aborted) return;
        setState({ key, problem: asProblem(e), loading: false });
      },
    );
    return () => ctl.abort();
    // `load` is a new closure every render; `key` names what it loads.
  }, [key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const fresh = state.key === key;
  return {
    ...(fresh && state.data !== undefined ? { data: state.data } : {}),
    ...(fresh && state.problem ? { problem: state.problem } : {}),
    loading: state.loading || !fresh,
    reload,
  };
}

/** A user action that calls the API: whether it is running, and the problem it met (shown beside it). */
export interface Action {
  readonly busy: boolean;
  readonly problem?: ApiProblem;
  /** Runs `act`; on success calls `done`, on failure keeps the problem for display. */
  run(act: () => Promise<void>, done?: () => void): Promise<void>;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const run = useCallback(async (act: () => Promise<void>, done?: () => void) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await act();
      done?.();
    } catch (e) {
      setProblem(asProblem(e));
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, ...(problem ? { problem } : {}), run };
}

export { asProblem };
