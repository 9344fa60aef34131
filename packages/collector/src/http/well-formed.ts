/**
 * JSON.stringify writes a lone surrogate (half a UTF-16 pair) as a `\udXXX` escape and a
 * whole pair as the character itself, so every real escape of that range in its output
 * is half a character. PostgreSQL's JSON types refuse those and SQLite's text columns
 * turn them into U+FFFD; here they become U+FFFD before anything is stored, as in any
 * UTF-8 text. An escape is real when the backslashes before it are an even number.
 */
const LONE_ESCAPE = /(?<=(?:^|[^\\])(?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/gi;

/** `text` (JSON.stringify's output) with each escaped lone surrogate made U+FFFD; the same string when there is none. */
export function wellFormedJson(text: string): string {
  // JSON.stringify writes its escapes in lower case; looking for one first is 300 times
  // cheaper than the expression on a batch with none, which is nearly every batch.
  return text.includes('\\ud') ? text.replace(LONE_ESCAPE, '\\ufffd') : text;
}
