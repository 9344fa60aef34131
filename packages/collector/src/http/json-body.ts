import sjson from 'secure-json-parse';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { deeperThan, MAX_DEPTH } from './depth.js';
import { httpError } from './errors.js';

const REFUSE = { protoAction: 'error', constructorAction: 'error' } as const;
/** Why such a key is refused, after "the body" or "this event". */
export const POISON =
  'holds a "__proto__" key, or a "constructor" key holding "prototype": refused, since such keys can alter objects in code that copies them';

/** Batches holding such a key in some event: their events are checked one by one. */
const suspect = new WeakSet<object>();
export const isSuspect = (body: unknown) => typeof body === 'object' && body !== null && suspect.has(body);

/**
 * Bodies whose text escapes nothing as `\u`: none of their strings can hold a lone
 * surrogate or U+0000 (JSON refuses both unescaped, and decoding UTF-8 makes no lone
 * surrogate), and a key can only be spelled as itself.
 */
const plain = new WeakSet<object>();
export const isPlain = (body: unknown) => typeof body === 'object' && body !== null && plain.has(body);

/** Whether `value` holds such a key anywhere. */
export function poisonous(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  try {
    sjson.scan(value, REFUSE);
    return false;
  } catch {
    return true;
  }
}

/**
 * JSON bodies, whatever their Content-Type: `text/plain` (sendBeacon) and
 * `application/x-www-form-urlencoded` (RudderStack's Node client) carry JSON too. A key that could
 * alter prototypes is refused: with the whole body anywhere but in a batch's events,
 * where only the events holding one are refused, so their neighbours are still stored.
 */
export function installJsonBody(app: FastifyInstance): void {
  const parse = (req: FastifyRequest, text: string | Buffer, done: (err: Error | null, body?: unknown) => void) => {
    const json = text.toString();
    if (json === '') return done(httpError(400, 'the body is empty; send it as JSON'));
    let body: unknown;
    try {
      body = JSON.parse(json);
    } catch (err) {
      const type = req.headers['content-type']?.split(';')[0]?.trim();
      const sent = type && !type.endsWith('json') ? ` (sent as ${type}; the body must be JSON, whatever its Content-Type)` : '';
      return done(httpError(400, `the body is not valid JSON: ${(err as Error).message}${sent}`));
    }
    if (deeperThan(body)) return done(httpError(400, `the body nests arrays and objects more than ${MAX_DEPTH} deep; send flatter JSON`));
    if (typeof body !== 'object' || body === null) return done(null, body);
    // The usual path: text that cannot spell such a key. Without `\u`, a key is spelled as
    // itself; without "proto", there is neither a `__proto__` key nor a `prototype` one for a
    // `constructor` key to hold. Searching one short word took 5 µs of a 20 kB body, against
    // 18 µs for secure-json-parse's two regular expressions.
    if (!json.includes('\\u') && !json.includes('proto')) {
      plain.add(body);
      return done(null, body);
    }
    if (!poisonous(body)) return done(null, body);
    const batch = req.routeOptions.url === '/v1/batch' && Array.isArray((body as { batch?: unknown }).batch);
    // The rest of a batch's body is checked here: a spread copies a `__proto__` key as a key.
    if (batch && !poisonous({ ...(body as object), batch: null })) {
      suspect.add(body);
      return done(null, body);
    }
    done(httpError(400, `the body ${POISON}`));
  };
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'string' }, parse);
  app.addContentTypeParser('*', { parseAs: 'string' }, parse);
}
