import { signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { CentralSystemEvents, LiveEventName } from '../api/api-types.js';
import type { EventStream, StreamState } from '../api/event-stream.js';
import { openEventStream } from '../api/event-stream.js';
import { MessageRate } from './message-rate.js';

type Listener = (data: never) => void;

/** The state of the one event stream the app reads. */
export const streamState = signal<StreamState>('closed');
/**
 * Incremented each time the stream (re)opens: events may have been missed while it
 * was down, so data loaded before is reloaded.
 */
export const streamEpoch = signal(0);
/** Inbound messages (answered calls from charge points) per second, last two minutes. */
export const messageRate = new MessageRate(120);
/** Ticks every second while the stream is open, to redraw what depends on `messageRate`. */
export const clockTick = signal(0);

const listeners = new Map<string, Set<Listener>>();
let stream: EventStream | undefined;
let ticker: ReturnType<typeof setInterval> | undefined;

function dispatch(name: string, data: unknown): void {
  if (name === 'message') messageRate.add(Date.now());
  for (const listener of listeners.get(name) ?? []) {
    try {
      (listener as (data: unknown) => void)(data);
    } catch (error) {
      console.error(`a listener of ${name} failed`, error);
    }
  }
}

/** Opens the stream of every event (`GET /api/events`) for the signed-in token. */
export function startLive(token: string, onRefused: (status: number) => void): void {
  stopLive();
  stream = openEventStream({
    url: '/api/events',
    token,
    onEvent: dispatch,
    onRefused,
    onState: (state) => {
      if (state === 'open') streamEpoch.value += 1;
      streamState.value = state;
    },
  });
  ticker = setInterval(() => {
    clockTick.value += 1;
  }, 1000);
}

export function stopLive(): void {
  stream?.close();
  stream = undefined;
  if (ticker !== undefined) clearInterval(ticker);
  ticker = undefined;
  streamState.value = 'closed';
}

/** Calls `listener` with each `name` event until the returned function is called. */
export function onLive<E extends LiveEventName>(
  name: E,
  listener: (event: CentralSystemEvents[E]) => void,
): () => void {
  let set = listeners.get(name);
  if (set === undefined) {
    set = new Set();
    listeners.set(name, set);
  }
  set.add(listener as Listener);
  return () => set.delete(listener as Listener);
}

/** `onLive` for a component: subscribed while mounted, always calling the latest `listener`. */
export function useLive<E extends LiveEventName>(
  name: E,
  listener: (event: CentralSystemEvents[E]) => void,
): void {
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => onLive(name, (event) => latest.current(event)), [name]);
}
