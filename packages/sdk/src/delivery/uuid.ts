let last = 0;
let seq = 0;

const bytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));
const hex = (n: number, digits: number) => n.toString(16).padStart(digits, '0');

/**
 * A time-ordered UUIDv7 (RFC 9562): the collector's unique index stays append-only,
 * and IndexedDB returns the queue in the order events happened. A 12-bit counter
 * (RFC 9562 §6.2, method 1) keeps ids of one millisecond ordered; it starts low and
 * random so it rarely runs out, and when it does the next millisecond is borrowed.
 * Module state on purpose: ordering must hold across every delivery of the page.
 */
export function uuidv7(now = Date.now(), random: (n: number) => Uint8Array = bytes): string {
  const b = random(9);
  if (now > last) {
    last = now;
    seq = b[8]! & 0x3f;
  } else if (++seq > 0xfff) {
    last++;
    seq = 0;
  }
  const time = hex(last, 12);
  const r = Array.from(b, (x) => hex(x, 2)).join('');
  // 48 bits of time; version 7 and the counter; variant 0b10 over the first byte's top two bits, then 60 more random bits.
  return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(seq, 3)}-${hex(8 | (b[0]! >> 6), 1)}${r.slice(1, 4)}-${r.slice(4, 16)}`;
}
