let last = 0;
let seq = 0;

/**
 * A time-ordered UUIDv7 (RFC 9562): the collector's unique index stays append-only,
 * and IndexedDB returns the queue in the order events happened. A counter in the
 * random bits keeps ids minted in the same millisecond ordered too.
 */
export function uuidv7(now = Date.now()): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  if (now <= last) {
    now = last;
    seq++;
  } else {
    last = now;
    seq = b[6]! & 0x3f;
  }
  for (let i = 5; i >= 0; i--) {
    b[i] = now % 256;
    now = Math.floor(now / 256);
  }
  // 12-bit counter across byte 6 (low nibble) and byte 7, after the version nibble.
  b[6] = 0x70 | ((seq >> 8) & 0x0f);
  b[7] = seq & 0xff;
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
