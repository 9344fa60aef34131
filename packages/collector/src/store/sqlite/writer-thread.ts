// The writer thread of `writer.ts`: one connection that does every write.
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteStore, type SqliteStore } from './store.js';
import type { Reply, Request } from './writer.js';

/** The requesting thread's clock, as its latest request read it. */
let now = Date.now();
const store: SqliteStore = openSqliteStore((workerData as { file: string }).file, { now: () => now });
const port = parentPort!;

// Async, so a request it cannot read fails that request instead of the thread.
async function perform(r: Request): Promise<unknown> {
  now = r.now;
  switch (r.method) {
    case 'createProject':
      return store.createProject(...r.args);
    case 'setUserHashSecret':
      return store.setUserHashSecret(...r.args);
    case 'setActivationTarget':
      return store.setActivationTarget(...r.args);
    case 'createDashboardUser':
      return store.createDashboardUser(...r.args);
    case 'deleteDashboardUser':
      return store.deleteDashboardUser(...r.args);
    case 'createSession':
      return store.createSession(...r.args);
    case 'deleteSession':
      return store.deleteSession(...r.args);
    case 'setIdentityTokens':
      return store.setIdentityTokens(...r.args);
    // A text crosses threads far cheaper than objects, and the store may keep this very text.
    case 'ingest':
      return store.ingestPacked(...r.args);
    case 'putChecklists':
      return store.putChecklists(...r.args, (replayed, total) => reply({ id: r.id, progress: [replayed, total] }));
    case 'createWebhook':
      return store.createWebhook(...r.args);
    case 'deleteWebhook':
      return store.deleteWebhook(...r.args);
    case 'testWebhook':
      return store.testWebhook(...r.args);
    case 'settleDeliveries':
      return store.settleDeliveries(...r.args);
    case 'sweep':
      return store.sweep();
    case 'close':
      return store.close();
  }
}

/** Replies of one turn, sent together (see `writer.ts`). */
let replies: Reply[] = [];
const sendReplies = () => {
  if (replies.length > 0) port.postMessage(replies);
  replies = [];
};
// Queued behind the replies already due in this turn: a group's batches are answered in one message.
const reply = (r: Reply) => void (replies.push(r) === 1 && queueMicrotask(sendReplies));

/** Requests not yet answered, but for `close`. */
const answering = new Set<Promise<void>>();

port.on('message', (requests: Request[]) => {
  for (const r of requests) {
    const answered = perform(r).then(
      (result) => reply({ id: r.id, result }),
      (err: unknown) => reply({ id: r.id, error: err instanceof Error ? err.message : String(err) }),
    );
    if (r.method !== 'close') {
      answering.add(answered);
      void answered.finally(() => answering.delete(answered));
      continue;
    }
    // Closing writes the batches still waiting for their commit: their answers go out
    // before the port closes, though they settle a few turns after the close's own.
    void answered.then(async () => {
      await Promise.allSettled([...answering]);
      sendReplies();
      port.close();
    });
  }
});
