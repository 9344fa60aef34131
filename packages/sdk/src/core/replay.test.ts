import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replay, type QueuedCall } from './replay.js';
import type { Firstwin } from './types.js';

const snippet = readFileSync(resolve(process.cwd(), 'snippet/snippet.min.js'), 'utf8'); // vitest runs from packages/sdk;

describe('the pre-load snippet', () => {
  it('fits the 600-byte budget', () => {
    expect(Buffer.byteLength(snippet.trim())).toBeLessThanOrEqual(600);
  });

  it('queues every call in order and settles each when the bundle replays them', async () => {
    const w = window as unknown as { Firstwin?: Record<string, (...a: unknown[]) => Promise<unknown>> & { q: QueuedCall[] } };
    delete w.Firstwin;
    new Function(snippet)();
    const fw = w.Firstwin!;
    const calls: string[] = [];
    fw.init!({ key: 'pk', endpoint: 'http://127.0.0.1:9' });
    const identified = fw.identify!('u1', { role: 'admin' });
    fw.track!('a', { n: 1 });
    fw.track!('b');
    const flushed = fw.flush!();
    // Re-running the snippet (pasted twice) must keep the queue.
    new Function(snippet)();
    expect(w.Firstwin).toBe(fw);

    const record =
      (name: string) =>
      (...args: unknown[]) => {
        calls.push(`${name}${JSON.stringify(args)}`);
        return name === 'identify' || name === 'flush' ? Promise.resolve(name) : undefined;
      };
    const real = Object.fromEntries(['init', 'identify', 'track', 'flush'].map((m) => [m, record(m)])) as unknown as Firstwin;
    replay(real, fw.q);
    expect(calls).toEqual([
      'init[{"key":"pk","endpoint":"http://127.0.0.1:9"}]',
      'identify["u1",{"role":"admin"}]',
      'track["a",{"n":1}]',
      'track["b"]',
      'flush[]',
    ]);
    await expect(identified).resolves.toBe('identify');
    await expect(flushed).resolves.toBe('flush');
  });

  it('answers progress() and on() at once, as the SDK does: an empty checklist, and an unsubscribe that works before or after the bundle', () => {
    const w = window as unknown as { Firstwin?: Record<string, (...a: unknown[]) => unknown> & { q: QueuedCall[] } };
    delete w.Firstwin;
    new Function(snippet)();
    const fw = w.Firstwin!;
    expect(fw.progress!()).toEqual({ checklistId: null, items: [], activated: false, activatedAt: null });
    const early = fw.on!('activated', () => {});
    const late = fw.on!('item_completed', () => {});
    expect(typeof early).toBe('function');
    (early as () => void)(); // before the bundle has loaded

    const off: string[] = [];
    const real = { on: (type: string) => () => off.push(type) } as unknown as Firstwin;
    replay(real, fw.q);
    expect(off).toEqual(['activated']);
    (late as () => void)();
    expect(off).toEqual(['activated', 'item_completed']);
  });
});
