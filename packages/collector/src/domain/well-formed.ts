/**
 * JSON.stringify writes a lone surrogate (half a UTF-16 pair) as a `\udXXX` escape and a
 * whole pair as the character itself, so every real escape of that range in its output
 * is half a character; it writes U+0000 as `\u0000`. PostgreSQL refuses both in its JSON
 * types (and U+0000 in text), SQLite's text columns turn half characters into U+FFFD;
 * here both become U+FFFD before anything is stored, as in any UTF-8 text.
 *
 * Read left to right, every backslash starts an escape that takes the character after it
 * (`\\` is one escape), so an escape is real exactly when this finds it. Looking behind
 * for an even number of backslashes instead read each run of them again at every
 * position: 16 000 backslashes in one property (a 32 kB event anyone with the publishable
 * key may send) took 0.7 s.
 */
const ESCAPE = /\\(?:u(?:d[89a-f][0-9a-f]{2}|0000)|[\s\S])/gi;

/** `text` (JSON.stringify's output) with each escaped lone surrogate and U+0000 made U+FFFD; the same string when there is none. */
export function wellFormedJson(text: string): string {
  // JSON.stringify writes its escapes in lower case; looking for one first is 300 times
  // cheaper than the expression on a batch with none, which is nearly every batch.
  if (!text.includes('\\ud') && !text.includes('\\u0000')) return text;
  return text.replace(ESCAPE, (escape) => (escape.length === 6 ? '\\ufffd' : escape));
}
