let last = 0;
let seq = 0;

const bytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));

/**
 * A time-ordered UUIDv7 (RFC 9562): the collector's unique index stays append-only,
 * and IndexedDB returns the queue in the order events happened. A 12-bit counter
 * (RFC 9562 §6.2, method 1) keeps ids of one millisecond ordered; it starts low and
 * random so it rarely runs out, and when it does the next millisecond is borrowed.
 * Module state on purpose: ordering must hold across every delivery of the page.
 */
export function uuidv7(now = Date.now(), random: (n: number) => Uint8Array = bytes): string {
  const b = random(16);
  if (now > last) {
    last = now;
    seq = b[6]! & 0x3f;
  } else if (++seq > 0xfff) {
    last++;
    seq = 0;
  }
  now = last;
  for (let i = 5; i >= 0; i--) {
    b[i] = now % 256;
    now = Math.floor(now / 256);
  }
  b[6] = 0x70 | (seq >> 8);
  b[7] = seq & 0xff;
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return h.replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
}
