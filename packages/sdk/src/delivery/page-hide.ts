/**
 * Calls `hide` when the page may be about to go away and `resume` when sending
 * makes sense again (visible, back online). Returns the cleanup.
 */
export function watchPage(hide: () => void, resume: () => void): () => void {
  if (typeof window == 'undefined' || typeof document == 'undefined') return () => {};
  // Listener errors would land in the host page's error tracking.
  const guard = (fn: () => void) => () => {
    try {
      fn();
    } catch {
      /* never break the host page */
    }
  };
  const onHide = guard(hide);
  const onResume = guard(resume);
  const subs: Array<[EventTarget, string, () => void]> = [
    [window, 'pagehide', onHide],
    [window, 'online', onResume],
    [document, 'visibilitychange', () => (document.visibilityState == 'hidden' ? onHide() : onResume())],
  ];
  subs.forEach(([t, type, fn]) => t.addEventListener(type, fn));
  return () => subs.forEach(([t, type, fn]) => t.removeEventListener(type, fn));
}

/**
 * A request that outlives the page. text/plain is CORS-safelisted, so no preflight
 * is needed (not every engine preflights keepalive requests, and sendBeacon refuses
 * other types); the collector parses it as JSON.
 */
export function keepalive(doFetch: typeof fetch, url: string, body: string): void {
  const beacon = () => {
    try {
      navigator.sendBeacon(url, body);
    } catch {
      /* nothing left to try; the events stay queued for the next page */
    }
  };
  try {
    doFetch(url, { method: 'POST', keepalive: true, headers: { 'content-type': 'text/plain' }, body }).catch(beacon);
  } catch {
    beacon();
  }
}
