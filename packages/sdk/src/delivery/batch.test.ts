import { describe, expect, it } from 'vitest';
import { envelope, overflow, size, take } from './batch.js';
import type { Message } from './types.js';

const msg = (i: number, pad = 0): Message => ({
  type: 'track',
  messageId: `id-${String(i).padStart(3, '0')}`,
  timestamp: '2026-11-22T10:00:00.000Z',
  event: 'e',
  properties: { pad: 'x'.repeat(pad) },
});

describe('batches', () => {
  it('counts UTF-8 bytes, not UTF-16 units', () => {
    const ascii = msg(1, 3);
    const euro = { ...msg(1), properties: { pad: '€€€' } };
    expect(size(euro) - size(ascii)).toBe(6); // € is 3 bytes
  });

  it('takes the oldest messages up to the count out of the list', () => {
    const list = Array.from({ length: 7 }, (_, i) => msg(i));
    expect(take(list, 3, 1e9).map((m) => m.messageId)).toEqual(['id-000', 'id-001', 'id-002']);
    expect(list.map((m) => m.messageId)).toEqual(['id-003', 'id-004', 'id-005', 'id-006']);
  });

  it('takes up to the byte limit, counting the commas between messages', () => {
    const list = () => Array.from({ length: 5 }, (_, i) => msg(i, 100));
    const one = size(msg(0, 100)) + 1;
    expect(take(list(), 50, one * 3)).toHaveLength(3);
    expect(take(list(), 50, one * 3 - 1)).toHaveLength(2);
  });

  it('always takes the first message, so an oversized one still gets the collector’s verdict', () => {
    expect(take([msg(0, 5000), msg(1)], 50, 100)).toHaveLength(1);
    expect(take([], 50, 100)).toEqual([]);
  });

  it('finds how many of the oldest must go to fit the count and byte bounds', () => {
    const list = Array.from({ length: 10 }, (_, i) => msg(i, 100));
    const one = size(list[0]!);
    expect(overflow(list, 10, 1e9)).toBe(0);
    expect(overflow(list, 7, 1e9)).toBe(3);
    expect(overflow(list, 100, one * 4)).toBe(6);
    expect(overflow(list, 100, one * 4 - 1)).toBe(7);
  });

  it('wraps a batch as POST /v1/batch takes it, with drops only when there are some', () => {
    const at = Date.parse('2026-11-22T10:00:00Z');
    expect(JSON.parse(envelope('pk_1', at, [msg(0)], 0))).toEqual({
      writeKey: 'pk_1',
      sentAt: '2026-11-22T10:00:00.000Z',
      batch: [msg(0)],
    });
    expect(JSON.parse(envelope('pk_1', at, [], 4)).dropped).toBe(4);
  });
});
