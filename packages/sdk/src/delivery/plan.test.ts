import { describe, expect, it } from 'vitest';
import { hash, onHide, sendable } from './plan.js';
import type { Message } from './types.js';

const msg = (id: string, pad = 0): Message => ({
  type: 'track',
  messageId: id,
  timestamp: '2026-11-20T10:00:00Z',
  event: 'e',
  properties: { pad: 'x'.repeat(pad) },
});

describe('the pure decisions of delivery', () => {
  it('sends what was neither sent in this cycle nor on page hide a moment ago, and says when the latter are due', () => {
    const beaconed = new Map([
      ['b', 1500],
      ['c', 900],
    ]);
    const { ready, later } = sendable([msg('a'), msg('b'), msg('c'), msg('d')], beaconed, new Set(['d']), 1000);
    expect(ready.map((m) => m.messageId)).toEqual(['a', 'c']);
    expect(later).toBe(500);
    expect(sendable([msg('a')], new Map(), new Set(), 0).later).toBe(Infinity);
  });

  it('sends on page hide what fits the keepalive budget, leaving out what just went that way', () => {
    const mine = Array.from({ length: 100 }, (_, i) => msg(`m${i}`, 1000));
    const batch = onHide(mine, new Map([['m0', 2000]]), 1000, 'pk_test');
    expect(batch[0]!.messageId).toBe('m1');
    expect(JSON.stringify(batch).length).toBeLessThanOrEqual(60_000);
    expect(batch.length).toBeGreaterThan(40);
  });

  it('names a project by a short stable hash that does not contain its key', () => {
    expect(hash('pk_live_secret')).toBe(hash('pk_live_secret'));
    expect(hash('pk_live_secret')).not.toBe(hash('pk_live_secreT'));
    expect(hash('pk_live_secret')).not.toContain('secret');
  });
});
