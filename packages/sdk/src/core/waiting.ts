import type { Core } from './core.js';

/**
 * Calls about the person's checklist (open, complete, a guide…) made before there is
 * one: anonymous calls wait in memory for identify(), which gives them a person (the
 * collector keeps none without one); others wait for the identify() in progress to
 * know the stored record and the checklist. The snippet replays `identify(); open()`
 * in one turn, and neither call may be lost.
 */
export function createWaiting(core: Core) {
  let anonymous: Array<() => void> = [];
  /** Settles when the identify() in progress knows its person's stored record and checklist. */
  let known: Promise<void> | undefined;

  const whenKnown = (name: string, fn: () => void) => {
    if (!core.session) return void anonymous.push(() => whenKnown(name, fn));
    const waiting = known;
    if (!waiting) return fn();
    void waiting.then(() => whenKnown(name, fn)).catch((err) => core.debug(`${name}() failed`, err));
  };

  return {
    whenKnown,
    /** Runs `fn` once there is a person: now, or at the next identify(). */
    withPerson(fn: () => void) {
      if (core.session) fn();
      else anonymous.push(fn);
    },
    /** identify() is loading its person: calls wait for `loading`. */
    loading(loading: Promise<void>) {
      const settled = (known = loading
        .catch(() => {})
        .then(() => {
          if (known === settled) known = undefined;
        }));
    },
    /** identify() named a person: the anonymous calls are theirs. */
    identified() {
      anonymous.splice(0).forEach((call) => call());
    },
    /** Sign-out: anonymous calls made so far belonged to nobody who stays. */
    forget() {
      anonymous = [];
    },
  };
}
