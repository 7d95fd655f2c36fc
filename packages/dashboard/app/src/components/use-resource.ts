import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../api/api-client.js';
import { streamEpoch } from '../live/live-events.js';
import { useApi } from '../session/session.js';

export interface Resource<T> {
  readonly data: T | undefined;
  readonly error: Error | undefined;
  readonly loading: boolean;
  /** Loads again (a button, or an event saying the data moved). */
  reload(): void;
  /** Changes the loaded data in place, e.g. from a live event. */
  update(change: (data: T) => T): void;
}

/**
 * Loads data from the API when mounted, when `deps` change and when the live stream
 * reopens (events may have been missed); answers to superseded loads are dropped.
 *
 * @example
 * const chargePoints = useResource((api) => api.get<List<ChargePoint>>('/api/charge-points'), []);
 */
export function useResource<T>(load: (api: ApiClient) => Promise<T>, deps: readonly unknown[]): Resource<T> {
  const api = useApi();
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [nonce, setNonce] = useState(0);
  const sequence = useRef(0);
  const epoch = streamEpoch.value;
  const loader = useRef(load);
  loader.current = load;

  useEffect(() => {
    const mine = ++sequence.current;
    setLoading(true);
    loader.current(api).then(
      (value) => {
        if (mine !== sequence.current) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (failure: unknown) => {
        if (mine !== sequence.current) return;
        setError(failure instanceof Error ? failure : new Error(String(failure)));
        setLoading(false);
      },
    );
  }, [api, nonce, epoch, ...deps]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const update = useCallback((change: (data: T) => T) => {
    setData((current) => (current === undefined ? current : change(current)));
  }, []);
  return { data, error, loading, reload, update };
}

/**
 * Calls `reload` at most once per `ms` however often `trigger` is called: for data that
 * moves with many events (a fleet's meter values) without a request per event.
 */
export function useThrottled(reload: () => void, ms: number): () => void {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(reload);
  latest.current = reload;
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(() => {
    if (timer.current !== undefined) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      latest.current();
    }, ms);
  }, [ms]);
}
