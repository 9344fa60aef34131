import { afterEach, describe, expect, it, vi } from 'vitest';
import { post } from './sender.js';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const answer = (res: Response | Error) =>
  post(
    async () => (res instanceof Error ? Promise.reject(res) : res),
    'http://c/v1/batch',
    '{}',
    () => Date.parse('2026-11-22T10:00:00Z'),
    30_000,
  );

afterEach(() => void vi.useRealTimers());

describe('post', () => {
  it('posts the body as JSON, with no custom header that would need more than the collector allows', async () => {
    const seen: RequestInit[] = [];
    await post(
      async (_u, init) => (seen.push(init!), json(200, { accepted: 1, duplicates: 0, rejected: [] })),
      'http://c/v1/batch',
      '{"a":1}',
      Date.now,
      1000,
    );
    expect(seen[0]!.method).toBe('POST');
    expect(seen[0]!.headers).toEqual({ 'content-type': 'application/json' });
    expect(seen[0]!.body).toBe('{"a":1}');
  });

  it('acknowledges only the collector’s own answer', async () => {
    expect(await answer(json(200, { accepted: 2, duplicates: 1, rejected: [{ index: 1, error: 'bad' }] }))).toEqual({
      kind: 'ok',
      rejected: [{ index: 1, error: 'bad' }],
    });
    // A captive portal or proxy page says 200 too.
    expect((await answer(new Response('<html>sign in</html>', { status: 200 }))).kind).toBe('retry');
    expect((await answer(new Response(null, { status: 204 }))).kind).toBe('retry');
  });

  it('sorts refusals: key, split, retry with and without a wait', async () => {
    expect(await answer(json(401, { error: 'unknown key' }))).toEqual({ kind: 'unauthorized' });
    expect(await answer(json(403, { error: 'secret key needed' }))).toEqual({ kind: 'unauthorized' });
    expect(await answer(json(413, { error: 'event over 32 kB' }))).toEqual({ kind: 'split', error: 'HTTP 413: event over 32 kB' });
    expect(await answer(json(400, { error: 'bad shape' }))).toEqual({ kind: 'split', error: 'HTTP 400: bad shape' });
    expect(await answer(json(429, { error: 'slow down' }, { 'retry-after': '7' }))).toEqual({
      kind: 'retry',
      error: 'HTTP 429: slow down',
      wait: 7000,
    });
    expect(await answer(json(503, {}, { 'retry-after': 'Sun, 22 Nov 2026 10:00:30 GMT' }))).toEqual({
      kind: 'retry',
      error: 'HTTP 503: no reason given',
      wait: 30_000,
    });
    expect(await answer(json(500, {}, { 'retry-after': '7' }))).toEqual({
      kind: 'retry',
      error: 'HTTP 500: no reason given',
      wait: undefined,
    });
    expect(await answer(new TypeError('Failed to fetch'))).toEqual({ kind: 'retry', error: 'TypeError: Failed to fetch' });
  });

  it('gives up on a request that hangs, so the sender lock is not held for ever', async () => {
    vi.useFakeTimers();
    const hang: typeof fetch = (_u, init) =>
      new Promise((_r, reject) => init!.signal!.addEventListener('abort', () => reject(new Error('aborted'))));
    const result = post(hang, 'http://c/v1/batch', '{}', Date.now, 30_000);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(await result).toEqual({ kind: 'retry', error: 'Error: aborted' });
  });
});
