import { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { httpError } from './errors.js';

const decoders: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** The bytes each compressed body inflated to. */
const inflated = new WeakMap<FastifyRequest, number>();

/**
 * The bytes of a request's body as the limits count them: inflated, when it came compressed
 * (its Content-Length then says how small it travelled); Infinity when nothing tells.
 */
export function bodyBytes(req: FastifyRequest): number {
  const sent = Number(req.headers['content-length']);
  return inflated.get(req) ?? (Number.isFinite(sent) ? sent : Infinity);
}

/** The inflated body, cut off the moment it passes `limit`: a small body that would inflate to gigabytes is never held. */
function capped(req: FastifyRequest, limit: number, encoding: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, next) {
      seen += chunk.length;
      if (seen > limit)
        return next(httpError(413, `the request body is over 500 kB once inflated from ${encoding}; send fewer events per request`));
      next(null, chunk);
    },
    flush(done) {
      inflated.set(req, seen);
      done();
    },
  });
}

/**
 * Bodies sent with `Content-Encoding: gzip`, `deflate` or `br` (RudderStack's clients gzip
 * every batch) are inflated as they stream in; the body limit applies to the inflated
 * bytes. Fastify compares `receivedEncodedLength` with Content-Length, so a body shorter or
 * longer than announced is still refused.
 */
export function installCompressedBodies(app: FastifyInstance, limit: number): void {
  app.addHook('preParsing', (req, _reply, payload, done) => {
    const encoding = req.headers['content-encoding']?.trim().toLowerCase();
    if (!encoding || encoding === 'identity') return done(null, payload);
    const decoder = decoders[encoding];
    if (!decoder)
      return done(httpError(415, `Content-Encoding "${encoding}" is not supported; send the body as it is, or with gzip, deflate or br`));
    const inflate = decoder();
    const out = capped(req, limit, encoding) as Transform & { receivedEncodedLength: number };
    out.receivedEncodedLength = 0;
    payload.on('data', (chunk: Buffer) => void (out.receivedEncodedLength += chunk.length));
    inflate.on('error', (err: Error & { statusCode?: number }) => {
      err.statusCode = 400;
      err.message = `the body is not valid ${encoding} (${err.message}); send it compressed as its Content-Encoding says, or uncompressed`;
      out.destroy(err);
    });
    // Not `pipeline`: it would destroy the request, and with it the socket the answer goes out on.
    // The rest of the body is read and dropped: left on a kept-alive socket, it would be read
    // as the next request.
    out.on('error', () => {
      payload.unpipe(inflate);
      inflate.destroy();
      payload.resume();
    });
    payload.pipe(inflate).pipe(out);
    done(null, out);
  });
}
