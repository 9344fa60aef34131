import { describe, expect, it } from 'vitest';
import { MAX_EVENT_BYTES, mayHoldOversize } from './admission.js';

const event = (i: number, extra: Record<string, unknown> = {}) => ({
  type: 'track',
  messageId: `0190a1b2-c3d4-7e5f-8a9b-${String(i).padStart(12, '0')}`,
  userId: 'u1',
  event: 'deal_stage_changed',
  timestamp: '2026-11-01T00:00:00.000Z',
  properties: { direction: 'forward' },
  ...extra,
});
const bytes = (batch: unknown[]) => Buffer.byteLength(JSON.stringify({ writeKey: 'pk_x', batch }));

describe('which bodies need their events measured against the 32 kB limit', () => {
  it('not a body of 32 kB or less, nor a 100-event browser batch made larger only by a token on each event', () => {
    const token = `eyJhbGciOiJIUzI1NiJ9.${'x'.repeat(200)}.${'s'.repeat(43)}`;
    const batch = Array.from({ length: 100 }, (_, i) => event(i, { token }));
    expect(bytes(batch)).toBeGreaterThan(MAX_EVENT_BYTES);
    expect(mayHoldOversize(batch, bytes(batch))).toBe(false);
    expect(mayHoldOversize([event(1, { properties: { pad: 'x'.repeat(40_000) } })], MAX_EVENT_BYTES)).toBe(false);
  });

  it('a body whose other events leave room for one over 32 kB, whatever they carry', () => {
    const token = 't'.repeat(250);
    const batch = [...Array.from({ length: 99 }, (_, i) => event(i, { token })), event(99, { properties: { pad: 'x'.repeat(33_000) } })];
    expect(mayHoldOversize(batch, bytes(batch))).toBe(true);
    // Events that are not objects count one byte: they cannot hide a large neighbour.
    expect(mayHoldOversize([1, 'x', null, event(1)], 40_000)).toBe(true);
    expect(mayHoldOversize([event(1)], Infinity)).toBe(true);
  });
});
