import type { FirstwinEvents, FirstwinEventType } from './types.js';

type Listener = (payload: never) => void;

/** Listeners are isolated: one that throws cannot stop the others or the SDK. */
export function createEmitter(report: (err: unknown) => void) {
  const listeners = new Map<string, Set<Listener>>();
  return {
    on<T extends FirstwinEventType>(type: T, fn: (payload: FirstwinEvents[T]) => void): () => void {
      const set = listeners.get(type) ?? new Set();
      listeners.set(type, set);
      set.add(fn as Listener);
      return () => void set.delete(fn as Listener);
    },
    emit<T extends FirstwinEventType>(type: T, payload: FirstwinEvents[T]): void {
      for (const fn of [...(listeners.get(type) ?? [])]) {
        try {
          (fn as (p: FirstwinEvents[T]) => void)(payload);
        } catch (err) {
          report(err);
        }
      }
    },
  };
}
