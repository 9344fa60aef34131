/** How deep a body's arrays and objects may nest: far past any event or configuration, far short of any stack. */
export const MAX_DEPTH = 64;

const QUOTE = 34;
const BACKSLASH = 92;
const [OPEN_OBJECT, CLOSE_OBJECT, OPEN_ARRAY, CLOSE_ARRAY] = [123, 125, 91, 93];

/**
 * Where JSON text first nests deeper than `max`, or -1: read before the text is parsed,
 * so no parser, copier or thread boundary meets a value nested ten thousand deep (one such
 * checklist crashed the SQLite writer thread, and with it the process). Strings are skipped
 * with `indexOf`, so the loop visits only the characters between them.
 */
export function deeperThan(json: string, max = MAX_DEPTH): number {
  let depth = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === QUOTE) {
      // To the closing quote: one not escaped, that is, after an even run of backslashes.
      for (;;) {
        i = json.indexOf('"', i + 1);
        if (i === -1) return -1; // unterminated: the parser will say so
        let slashes = 0;
        while (json.charCodeAt(i - 1 - slashes) === BACKSLASH) slashes++;
        if (slashes % 2 === 0) break;
      }
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > max) return i;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
  }
  return -1;
}
