import { afterEach, describe, expect, it, vi } from 'vitest';
import { webLock } from './tab-lock.js';

afterEach(() => void vi.unstubAllGlobals());

describe('webLock', () => {
  it('runs the cycle under the named Web Lock', async () => {
    const names: string[] = [];
    vi.stubGlobal('navigator', { locks: { request: (name: string, fn: () => Promise<void>) => (names.push(name), fn()) } });
    let ran = 0;
    await webLock('firstwin-sender-x', async () => void ran++);
    expect(names).toEqual(['firstwin-sender-x']);
    expect(ran).toBe(1);
  });

  it('still sends where Web Locks are missing or refused', async () => {
    let ran = 0;
    vi.stubGlobal('navigator', {});
    await webLock('n', async () => void ran++);
    vi.stubGlobal('navigator', { locks: { request: () => Promise.reject(new DOMException('denied', 'SecurityError')) } });
    await webLock('n', async () => void ran++);
    expect(ran).toBe(2);
  });

  it('does not run a failed cycle twice', async () => {
    vi.stubGlobal('navigator', { locks: { request: (_n: string, fn: () => Promise<void>) => fn() } });
    let ran = 0;
    await expect(webLock('n', async () => (ran++, Promise.reject(new Error('store broke'))))).rejects.toThrow('store broke');
    expect(ran).toBe(1);
  });
});
