import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { RETRY, retryAt, type RetryPolicy } from '../domain/webhooks/retry.js';
import type { Attempt, Due, Outbox, Verdict } from '../domain/webhooks/outbox.js';
import { signedHeaders } from '../domain/webhooks/signing.js';

/** POSTs a body; answers the status code. */
export type Send = (url: string, headers: Record<string, string>, body: string, signal: AbortSignal) => Promise<number>;

export interface DispatcherOptions {
  outbox: Outbox;
  /** The clock events are scheduled by. */
  now?: () => number;
  /** The clock `webhook-timestamp` tells: receivers check it against their own. */
  wall?: () => number;
  retry?: RetryPolicy;
  /** How often the outbox is looked at when nothing says it has work. */
  pollMs?: number;
  timeoutMs?: number;
  /** Events sent at once. */
  batch?: number;
  send?: Send;
  random?: () => number;
  onError?: (err: unknown) => void;
}

/**
 * POSTs with node:http on keep-alive connections: a fetch cost the HTTP thread about a
 * millisecond a delivery, which near saturation made the writer hold its groups (see
 * `store/sqlite/writer.ts`). Redirects are not followed: a receiver that moved is told by
 * its failures in the log. `close` ends the kept connections.
 */
function httpSend(): Send & { close(): void } {
  const agents = { 'http:': new HttpAgent({ keepAlive: true }), 'https:': new HttpsAgent({ keepAlive: true }) };
  const send = (url: string, headers: Record<string, string>, body: string, signal: AbortSignal) =>
    new Promise<number>((ok, fail) => {
      const target = new URL(url);
      const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = request(
        target,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          agent: agents[target.protocol as 'http:'],
          signal,
        },
        (res) => {
          res
            .on('error', fail)
            .on('end', () => ok(res.statusCode!))
            .resume();
        },
      );
      req.on('error', fail).end(body);
    });
  return Object.assign(send, { close: () => Object.values(agents).forEach((a) => a.destroy()) });
}

/** Why no answer came, in words for the deliveries log. */
function reason(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; code?: string; message?: string; cause?: { name?: string; code?: string } };
  if (e.name === 'TimeoutError' || e.cause?.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  return e.code ?? e.cause?.code ?? e.message ?? String(err);
}

/**
 * Sends what the outbox holds, one round at a time: claim what is due, send it, record
 * each attempt and when to try again. `kick` starts a round now (a request queued an
 * event); otherwise one starts every `pollMs`. `stop` aborts the sends in flight, which stay in
 * the outbox, unsettled, for the next start.
 */
export function startDispatcher(o: DispatcherOptions) {
  const { outbox, now = Date.now, wall = Date.now, retry = RETRY, pollMs = 1000, timeoutMs = 10_000, batch = 32, random = Math.random } = o;
  const own = o.send ? undefined : httpSend();
  const send = o.send ?? own!;
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  async function attempt(d: Due): Promise<Attempt | undefined> {
    const at = now();
    const sentAt = wall();
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'firstwin-collector',
      ...signedHeaders(d.secret, d.eventId, sentAt, d.body),
    };
    let code: number | null = null;
    let error: string | null = null;
    // A timer and a controller, not AbortSignal.any([…, AbortSignal.timeout()]): on Node 20 a
    // combined signal nothing else holds can be collected before its timeout fires, and the
    // request then waits for ever (seen as a test that hung only in a full run).
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new DOMException('no answer in time', 'TimeoutError')), timeoutMs);
    const onStop = () => abort.abort(stopping.signal.reason);
    stopping.signal.addEventListener('abort', onStop, { once: true });
    try {
      code = await send(d.url, headers, d.body, abort.signal);
      if (code < 200 || code > 299) error = `answered ${code}`;
    } catch (err) {
      if (stopping.signal.aborted) return undefined;
      error = reason(err, timeoutMs);
    } finally {
      clearTimeout(timer);
      stopping.signal.removeEventListener('abort', onStop);
    }
    const n = d.attempts + 1;
    const next = error === null ? null : code === 410 ? null : retryAt(retry, n, at, d.createdAt, random);
    const verdict: Verdict = error === null ? 'delivered' : code === 410 ? 'disabled' : next === null ? 'gave_up' : 'retry';
    return {
      id: d.id,
      webhookId: d.webhookId,
      eventId: d.eventId,
      type: d.type,
      accountId: d.accountId,
      attempt: n,
      at,
      code,
      error,
      ms: wall() - sentAt,
      verdict,
      retryAt: next,
    };
  }

  /**
   * Rounds follow one another while the outbox has a backlog (a full claim) or a kick came
   * meanwhile; else the next waits for the poll. Each round's settling is a transaction:
   * one a poll, not one per event that trickles in, leaves ingest its writer.
   */
  async function round(): Promise<void> {
    for (let more = true; more && !stopping.signal.aborted; ) {
      again = false;
      const due = await outbox.claim(now(), batch);
      const done = (await Promise.all(due.map(attempt))).filter((a) => a !== undefined);
      if (done.length) await outbox.settle(done);
      more = due.length === batch || again;
    }
  }

  const schedule = () => {
    if (stopping.signal.aborted) return;
    clearTimeout(timer);
    timer = setTimeout(kick, pollMs);
    timer.unref();
  };
  function kick(): void {
    if (stopping.signal.aborted) return;
    if (running) return void (again = true);
    clearTimeout(timer);
    running = round()
      .catch((err) => o.onError?.(err))
      .finally(() => {
        running = undefined;
        schedule();
      });
  }
  schedule();

  return {
    kick,
    async stop(): Promise<void> {
      stopping.abort();
      clearTimeout(timer);
      await running;
      own?.close();
    },
  };
}
