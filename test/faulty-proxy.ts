// A proxy in front of the collector that fails, delays, and drops responses to a
// share of /v1/batch requests, deterministically from a seed.
import { createServer, type IncomingMessage } from 'node:http';

const mulberry32 = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const read = (req: IncomingMessage) =>
  new Promise<Buffer>((ok) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => ok(Buffer.concat(chunks)));
  });

export async function faultyProxy(target: string, o = { seed: 7, fail: 0.2, drop: 0.2, delay: 0.2, delayMs: 300 }) {
  const random = mulberry32(o.seed);
  const stats = { passed: 0, failed: 0, dropped: 0, delayed: 0, refused: 0 };
  let down = false;
  const server = createServer(async (req, res) => {
    if (down) {
      // The network to the collector is gone: not even an HTTP answer.
      stats.refused++;
      return req.socket.destroy();
    }
    const body = await read(req);
    const forward = async () => {
      const upstream = await fetch(`${target}${req.url}`, {
        method: req.method,
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : new Uint8Array(body),
        headers: Object.fromEntries(
          Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k)),
        ) as Record<string, string>,
      });
      return { status: upstream.status, headers: Object.fromEntries(upstream.headers), body: Buffer.from(await upstream.arrayBuffer()) };
    };
    const isBatch = req.method === 'POST' && req.url === '/v1/batch';
    const r = isBatch ? random() : 1;
    if (r < o.fail) {
      stats.failed++;
      res.writeHead(503, { 'access-control-allow-origin': '*', 'content-type': 'application/json' });
      return res.end('{"error":"proxy says: unavailable"}');
    }
    if (r < o.fail + o.drop) {
      // Stored by the collector, but the answer never reaches the browser.
      stats.dropped++;
      await forward();
      return res.destroy();
    }
    if (r < o.fail + o.drop + o.delay) {
      stats.delayed++;
      await new Promise((ok) => setTimeout(ok, o.delayMs));
    } else if (isBatch) stats.passed++;
    const answer = await forward();
    delete answer.headers['content-encoding'];
    delete answer.headers['content-length'];
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    setDown: (value: boolean) => void (down = value),
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
