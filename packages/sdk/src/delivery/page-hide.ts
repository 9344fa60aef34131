/**
 * Calls `hide` when the page may be about to go away (hidden, or unloading) and `resume`
 * when sending makes sense again (visible, back online). Returns the cleanup.
 */
export function watchPage(hide: () => void, resume: () => void): () => void {
  if (typeof document === 'undefined') return () => {};
  const on = (e: Event) => {
    try {
      if (e.type === 'online' || (e.type !== 'pagehide' && document.visibilityState === 'visible')) resume();
      else hide();
    } catch {
      /* never break the host page: listener errors would land in its error tracking */
    }
  };
  const subs: Array<[EventTarget, string]> = [
    [window, 'pagehide'],
    [window, 'online'],
    [document, 'visibilitychange'],
  ];
  subs.forEach(([t, type]) => t.addEventListener(type, on));
  return () => subs.forEach(([t, type]) => t.removeEventListener(type, on));
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
