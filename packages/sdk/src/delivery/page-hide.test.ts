import { afterEach, describe, expect, it, vi } from 'vitest';
import { keepalive, watchPage } from './page-hide.js';

afterEach(() => void vi.unstubAllGlobals());

const setVisibility = (state: 'hidden' | 'visible') => {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
};

describe('watchPage', () => {
  it('calls hide on pagehide and on hidden, resume on visible and online, and nothing after cleanup', () => {
    const calls: string[] = [];
    const stop = watchPage(
      () => calls.push('hide'),
      () => calls.push('resume'),
    );
    window.dispatchEvent(new Event('pagehide'));
    setVisibility('hidden');
    setVisibility('visible');
    window.dispatchEvent(new Event('online'));
    stop();
    window.dispatchEvent(new Event('pagehide'));
    window.dispatchEvent(new Event('online'));
    expect(calls).toEqual(['hide', 'hide', 'resume', 'resume']);
  });

  it('keeps its own errors out of the host page', () => {
    const stop = watchPage(
      () => {
        throw new Error('boom');
      },
      () => {},
    );
    expect(() => window.dispatchEvent(new Event('pagehide'))).not.toThrow();
    stop();
  });
});

describe('keepalive', () => {
  it('posts with keepalive as text/plain, which needs no preflight', () => {
    const init: RequestInit[] = [];
    keepalive(async (_u, i) => (init.push(i!), new Response('{}')), 'http://c/v1/batch', '{"batch":[]}');
    expect(init).toEqual([{ method: 'POST', keepalive: true, headers: { 'content-type': 'text/plain' }, body: '{"batch":[]}' }]);
  });

  it('falls back to sendBeacon when the keepalive fetch is refused', async () => {
    const beacons: unknown[][] = [];
    vi.stubGlobal('navigator', { sendBeacon: (...a: unknown[]) => (beacons.push(a), true) });
    keepalive(
      () => {
        throw new TypeError('keepalive not supported');
      },
      'http://c/v1/batch',
      'a',
    );
    keepalive(() => Promise.reject(new TypeError('over the keepalive budget')), 'http://c/v1/batch', 'b');
    await Promise.resolve();
    await Promise.resolve();
    expect(beacons).toEqual([
      ['http://c/v1/batch', 'a'],
      ['http://c/v1/batch', 'b'],
    ]);
  });
});
