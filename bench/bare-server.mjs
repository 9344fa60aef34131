// The ingest baseline: reads the body (inflating a gzip one), JSON.parses it, answers 200. No validation,
// no dedupe, no storage.
import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks);
    const body = JSON.parse((req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8'));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ accepted: body.batch.length, duplicates: 0, rejected: [] }));
  });
});
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
