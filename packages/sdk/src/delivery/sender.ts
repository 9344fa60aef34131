import { retryAfter } from './backoff.js';

export type Answer =
  | { kind: 'ok'; rejected: Array<{ index: number; error: string }> }
  /** 400/413: halve the batch to isolate what the collector refuses. */
  | { kind: 'split'; error: string }
  | { kind: 'unauthorized' }
  /** `wait` only when the collector said how long (Retry-After). */
  | { kind: 'retry'; error: string; wait?: number | undefined };

/** Posts one batch and sorts the collector's answer into what the queue must do next. */
export async function post(doFetch: typeof fetch, url: string, body: string, now: () => number, timeoutMs: number): Promise<Answer> {
  // A stalled connection would otherwise hold the cross-tab sender lock for ever.
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const res = await doFetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: abort.signal });
    const s = res.status;
    const json = (await res.json().catch(() => ({}))) as { accepted?: unknown; rejected?: unknown; error?: string };
    // Only the collector's own answer acknowledges: a captive portal or proxy also says 200.
    if (res.ok && typeof json.accepted === 'number') return { kind: 'ok', rejected: Array.isArray(json.rejected) ? json.rejected : [] };
    if (s === 401 || s === 403) return { kind: 'unauthorized' };
    const error = `HTTP ${s}: ${json.error ?? 'no reason given'}`;
    if (s === 400 || s === 413) return { kind: 'split', error };
    return { kind: 'retry', error, wait: s === 429 || s === 503 ? retryAfter(res.headers.get('retry-after'), now()) : undefined };
  } catch (err) {
    return { kind: 'retry', error: String(err) };
  } finally {
    clearTimeout(timer);
  }
}
