import type { Message } from './types.js';

/** UTF-8 bytes, as the collector's and the keepalive limits count them. */
export const size = (m: Message): number => new TextEncoder().encode(JSON.stringify(m)).length;

/** Takes out of `queued` the oldest messages that fit `count` and `bytes`; the first always goes, so an oversized event reaches the collector's verdict. */
export function take(queued: Message[], count: number, bytes: number): Message[] {
  let n = 0;
  let total = 0;
  for (const m of queued) {
    total += size(m) + 1;
    if (n >= count || (n && total > bytes)) break;
    n++;
  }
  return queued.splice(0, n);
}

/** How many of the oldest messages must go for the queue to fit its bounds. */
export function overflow(queued: Message[], maxCount: number, maxBytes: number): number {
  const sizes = queued.map(size);
  let bytes = sizes.reduce((a, b) => a + b, 0);
  let cut = 0;
  while (cut < queued.length && (queued.length - cut > maxCount || bytes > maxBytes)) bytes -= sizes[cut++]!;
  return cut;
}

export const envelope = (writeKey: string, sentAt: number, batch: Message[], dropped: number): string =>
  // JSON leaves `dropped: undefined` out.
  JSON.stringify({ writeKey, sentAt: new Date(sentAt).toISOString(), batch, dropped: dropped || undefined });
