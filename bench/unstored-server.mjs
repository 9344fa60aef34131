// The ceiling of ingest without storage: the collector's own Fastify app (HTTP, key
// lookup, rate limit, validation, serialization) on a real store, with only the
// storing of batches skipped. What this answers, no store could beat.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, openStore } from '../packages/collector/dist/index.js';

const store = await openStore(join(mkdtempSync(join(tmpdir(), 'firstwin-unstored-')), 'unstored.db'));
const keys = await store.createProject('bench');
const app = await buildApp({
  store: { ...store, ingest: async (_p, events) => ({ accepted: events.length, duplicates: 0 }) },
  rateLimit: 100_000_000,
});
const url = await app.listen({ port: 0, host: '127.0.0.1' });
// The keys on the first line, for the load generator; then the line startServer waits for.
console.log(JSON.stringify(keys));
console.log(`listening on ${url}`);
