import { describe, expect, it } from 'vitest';
import { uuidv7 } from './uuid.js';

const fixed = (byte: number) => (n: number) => new Uint8Array(n).fill(byte);
const SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidv7', () => {
  it('puts the millisecond time in the first 48 bits, then version 7 and variant 10', () => {
    const t = 0x0190_1234_5678; // earlier than the later tests: ids only move forward
    const id = uuidv7(t, fixed(0xff));
    expect(id).toMatch(SHAPE);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(t);
    expect(id[14]).toBe('7');
    expect(id[19]).toBe('b'); // 0b10 variant over random bits 11
    expect(id.slice(24)).toBe('ffffffffffff');
  });

  it('sorts by time, and by mint order within one millisecond', () => {
    const ids = Array.from({ length: 500 }, (_, i) => uuidv7(1_800_000_000_000 + Math.floor(i / 100)));
    for (const id of ids) expect(id).toMatch(SHAPE);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(500);
  });

  it('stays ordered when the clock goes back or the counter runs out', () => {
    const t = 1_900_000_000_000;
    const ids = [uuidv7(t, fixed(0)), uuidv7(t - 5000, fixed(0))];
    for (let i = 0; i < 4200; i++) ids.push(uuidv7(t, fixed(0))); // over the 4096 a millisecond holds
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    // The counter borrowed the next millisecond rather than wrapping.
    expect(parseInt(ids.at(-1)!.replace(/-/g, '').slice(0, 12), 16)).toBe(t + 1);
  });
});
