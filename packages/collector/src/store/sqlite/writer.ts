import type { Checklist } from '@firstwin/sdk/rules';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { PaceTarget } from '../../domain/status.js';
import { digest, type Digest } from '../../domain/inert.js';
import type { PackedBatch } from '../../domain/packed.js';
import { openSqliteStore } from './store.js';
import type { Progress, Store } from '../../domain/storage.js';
import type { StoredEvent } from '../../domain/event.js';
import type { Attempt } from '../../domain/webhooks/outbox.js';
import type { WebhookRequest } from '../../domain/webhooks/webhook.js';
import type { TokenCounts, TokenMode } from '../../domain/identity-token.js';

const CHECKLISTS_KEPT_MS = 1000;
/** How long the writer holds a group open for more batches while this thread is saturated (see `holdMs`). */
const HOLD_MS = 5;
/** Busy this much of a window, this thread starts the holding; below `EASED`, it stops. */
const SATURATED = 0.9;
const EASED = 0.8;
const BUSY_WINDOW_MS = 250;
/** The writer's hold after a window this busy (0 to 1), given whether it was holding. */
export const holdAfter = (utilization: number, holding: boolean): number =>
  utilization >= SATURATED || (holding && utilization >= EASED) ? HOLD_MS : 0;

/**
 * What the writer thread is asked; ingest sends the events' packed text and their digest,
 * not the events. `now`: this thread's clock as the request left (a clock, being a
 * function, cannot cross), which the writer dates what it writes by.
 */
export type Request = { id: number; now: number } & (
  | { method: 'createProject'; args: [name: string] }
  | { method: 'setUserHashSecret'; args: [projectId: string, secret: string | null] }
  | { method: 'setActivationTarget'; args: [projectId: string, target: PaceTarget | null] }
  | { method: 'setIdentityTokens'; args: [projectId: string, mode: TokenMode, secret: string | null] }
  | {
      method: 'ingest';
      args: [
        projectId: string,
        packed: PackedBatch,
        dropped: number | undefined,
        digest: Digest | undefined,
        holdMs: number,
        tokens: TokenCounts | undefined,
      ];
    }
  | { method: 'putChecklists'; args: [projectId: string, checklists: Checklist[]] }
  | { method: 'createDashboardUser'; args: Parameters<Store['createDashboardUser']> }
  | { method: 'deleteDashboardUser'; args: Parameters<Store['deleteDashboardUser']> }
  | { method: 'createSession'; args: Parameters<Store['createSession']> }
  | { method: 'deleteSession'; args: Parameters<Store['deleteSession']> }
  | { method: 'createWebhook'; args: [projectId: string, w: WebhookRequest] }
  | { method: 'deleteWebhook'; args: [projectId: string, id: string] }
  | { method: 'testWebhook'; args: [projectId: string, id: string] }
  | { method: 'settleDeliveries'; args: [attempts: Attempt[]] }
  | { method: 'sweep'; args: [] }
  | { method: 'close'; args: [] }
);
export type Reply = { id: number; result?: unknown; error?: string; progress?: [replayed: number, total: number] };

type Call = { resolve(v: unknown): void; reject(e: Error): void; progress?: Progress | undefined };

/** The thread's script; under the test runner, this module and the thread's are TypeScript source, loaded through tsx. */
function writerThread(file: string): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./writer-thread.js', import.meta.url), { workerData: { file } });
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./writer-thread.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((t) => t.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`, {
    eval: true,
    workerData: { file },
  });
}

/**
 * SQLite with every write on a thread of its own: while a batch is applied and
 * committed (its fsync included), this thread goes on parsing and validating the next
 * ones. Reads stay here, on a connection of their own; WAL shows them every commit,
 * and a write is answered only after its commit, so what was acknowledged is read back.
 * `started` sees each thread started (tests stop one to see the next write start another).
 */
export function openSqliteWithWriter(file: string, started?: (thread: Worker) => void, clock: () => number = Date.now): Store {
  // Opened first, so the schema is migrated once, here, before the thread opens the file.
  const reads = openSqliteStore(file, { now: clock });
  const calls = new Map<number, Call>();
  let next = 0;
  let thread: Worker | undefined;

  const settle = (r: Reply) => {
    const c = calls.get(r.id);
    if (!c) return;
    if (r.progress) return void c.progress?.(...r.progress);
    calls.delete(r.id);
    // Idle, the thread does not keep the process alive; a call in flight does.
    if (calls.size === 0) thread?.unref();
    if (r.error === undefined) c.resolve(r.result);
    else c.reject(new Error(r.error));
  };
  /** A thread that stopped fails what it was doing (nothing unanswered was acknowledged); the next write starts another. */
  const fail = (err: Error) => {
    for (const c of calls.values()) c.reject(err);
    calls.clear();
  };
  const start = () => {
    const t = writerThread(file);
    started?.(t);
    t.on('message', (replies: Reply[]) => replies.forEach(settle));
    t.on('error', fail);
    t.on('exit', (code) => {
      if (thread === t) thread = undefined;
      fail(new Error(`the SQLite writer thread stopped (exit code ${code})`));
    });
    return t;
  };
  // Each message costs both threads a wake-up, whatever it carries: the writer answers a
  // group's batches in one. Requests go before the next task, not after the poll phase
  // (setImmediate): that wait cost more throughput than the messages it saved.
  let outbox: Request[] = [];
  const flush = () => {
    const sending = outbox;
    outbox = [];
    thread ??= start();
    thread.postMessage(sending);
  };
  function call<T>(method: Request['method'], args: Request['args'], progress?: Progress): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      thread ??= start();
      if (calls.size === 0) thread.ref();
      const id = ++next;
      calls.set(id, { resolve: resolve as (v: unknown) => void, reject, progress });
      if (outbox.push({ id, now: clock(), method, args } as Request) === 1) queueMicrotask(flush);
    });
  }

  /**
   * Each project's checklists as last read here, for the digests: reading them for every
   * batch cost this thread more than the digest saved the writer. For a second after a
   * change made elsewhere (through this store, it is seen at once) digests name the old
   * ones, and the writer, which reads its own, ignores them.
   */
  const known = new Map<string, { at: number; checklists: Checklist[]; fingerprint: string }>();
  const digestOf = (projectId: string, events: StoredEvent[]) => {
    const now = Date.now();
    let k = known.get(projectId);
    if (!k || now - k.at > CHECKLISTS_KEPT_MS) known.set(projectId, (k = { at: now, ...reads.checklistsRead(projectId) }));
    return digest(events, k.checklists, k.fingerprint);
  };

  /**
   * While this thread's event loop is saturated (busy 90 % of a quarter second), requests
   * queue before it anyway: the writer may then hold each group open a few milliseconds,
   * to commit more batches with one fsync and fewer pages written again. It goes on until
   * the thread is busy less than 80 % (holding itself leaves the thread a little less
   * busy: one threshold made it stop and start every other window). Unsaturated, a wait
   * only delays the answers, which the clients in flight are waiting on.
   * Measured with bench/ab.mjs: at 50 connections a 5 ms hold took the server's CPU a
   * request from 784 to 674 µs; at 10, where this thread is busy about 80 % of the
   * time, holding every group cut requests/s by a quarter.
   */
  let busySince = performance.eventLoopUtilization();
  let busyAt = Date.now();
  let hold = 0;
  const holdMs = () => {
    const now = Date.now();
    if (now - busyAt >= BUSY_WINDOW_MS) {
      const busy = performance.eventLoopUtilization();
      hold = holdAfter(performance.eventLoopUtilization(busy, busySince).utilization, hold > 0);
      busySince = busy;
      busyAt = now;
    }
    return hold;
  };

  return {
    ...reads,
    createProject: (name) => call('createProject', [name]),
    setUserHashSecret: (projectId, secret) => call('setUserHashSecret', [projectId, secret]),
    setActivationTarget: (projectId, target) => call('setActivationTarget', [projectId, target]),
    createDashboardUser: (user) => call('createDashboardUser', [user]),
    deleteDashboardUser: (email) => call('deleteDashboardUser', [email]),
    createSession: (session, now) => call('createSession', [session, now]),
    deleteSession: (tokenHash) => call('deleteSession', [tokenHash]),
    setIdentityTokens: (projectId, mode, secret) => call('setIdentityTokens', [projectId, mode, secret]),
    ingest: (projectId, events, packed, dropped, tokens) =>
      call('ingest', [projectId, packed, dropped, digestOf(projectId, events), holdMs(), tokens]),
    async putChecklists(projectId, checklists, progress) {
      await call('putChecklists', [projectId, checklists], progress);
      known.delete(projectId);
    },
    createWebhook: (projectId, w) => call('createWebhook', [projectId, w]),
    deleteWebhook: (projectId, id) => call('deleteWebhook', [projectId, id]),
    testWebhook: (projectId, id) => call('testWebhook', [projectId, id]),
    sweep: () => call('sweep', []),
    // Due deliveries are read here; what became of them is written there.
    outbox: { claim: reads.outbox.claim, settle: (attempts) => call('settleDeliveries', [attempts]) },
    async close() {
      const t = thread;
      if (t) {
        const exited = new Promise((ok) => t.once('exit', ok));
        await call('close', []);
        t.ref(); // until it has gone: its last write may still be closing the file
        await exited;
      }
      await reads.close();
    },
  };
}
