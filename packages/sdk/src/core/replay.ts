import type { Firstwin } from './types.js';

/** A call the pre-load snippet queued: method name, arguments, and how to settle its promise. */
export type QueuedCall = [method: string, args: ArrayLike<unknown>, resolve?: (value: unknown) => void];

/** Replays the snippet's queue in the order the page made the calls. */
export function replay(fw: Firstwin, queue: readonly QueuedCall[]): void {
  for (const [method, args, resolve] of queue) {
    const fn = (fw as unknown as Record<string, ((...a: unknown[]) => unknown) | undefined>)[method];
    const out = typeof fn === 'function' ? fn(...Array.from(args)) : undefined;
    resolve?.(out);
  }
}
