import { describe, expect, it, vi } from 'vitest';
import type { Channel, Message } from '../delivery/index.js';
import type { Checklist } from '../rules/types.js';
import type { UIActions, UIState } from '../ui/index.js';
import { createInstance, type Platform } from './instance.js';
import { memoryUserStore, type UserStore } from './user-store.js';

const endUser: Checklist = {
  id: 'end-user-first-win',
  role: 'end_user',
  title: 'Your first win',
  items: [
    { id: 'log', title: 'Log an interaction', completeOn: { event: 'interaction_logged' }, guide: { target: '#log' } },
    { id: 'move', title: 'Move a deal', completeOn: { event: 'deal_stage_changed', where: { direction: 'forward' }, count: 2 } },
    { id: 'watch', title: 'Watch the intro', completeOn: 'manual' },
    { id: 'team', title: 'Team pipeline', scope: 'account', completeOn: { event: 'pipeline_created' } },
  ],
  activation: ['log', 'move'],
};
const admin: Checklist = {
  id: 'admin-setup',
  role: 'admin',
  title: 'Set up',
  items: [{ id: 'pipes', title: 'Pipelines', completeOn: { event: 'pipeline_created' } }],
};

interface Fakes {
  sent: Message[];
  renders: Array<UIState | null>;
  guides: Array<{ id: string; follow: boolean | undefined; onMissing(): void }>;
  requests: string[];
  platform: Platform;
  /** What the panel's own controls call. */
  ui?: UIActions;
}

type Bus = Set<Channel<unknown>>;

function fakes(opts: { store?: UserStore; remote?: Record<string, unknown>; bus?: Bus } = {}): Fakes {
  const f: Fakes = { sent: [], renders: [], guides: [], requests: [], platform: undefined as never };
  let n = 0;
  let t = Date.parse('2026-11-20T10:00:00Z');
  const store = opts.store ?? memoryUserStore();
  f.platform = {
    createDelivery: () => ({
      enqueue: async (m) => void f.sent.push(m),
      flush: async () => {},
      stop: () => {},
    }),
    createUserStore: () => store,
    mountUI: (actions) => (
      (f.ui = actions),
      {
        render: (s) => void f.renders.push(s && structuredClone(s)),
        showGuide: (item, o) => void f.guides.push({ id: item.id, follow: o.follow, onMissing: o.onMissing }),
        hideGuide: () => {},
        destroy: () => {},
      }
    ),
    fetch: (async (url: string) => {
      f.requests.push(String(url));
      const path = new URL(String(url)).pathname;
      const body = opts.remote?.[path];
      return body === undefined
        ? new Response('{"error":"not found"}', { status: 404 })
        : new Response(JSON.stringify(body), { status: 200 });
    }) as typeof fetch,
    now: () => (t += 1000),
    uuid: () => `0000000${++n}`.slice(-8),
    channel: opts.bus
      ? () => {
          const mine: Channel<unknown> = {
            postMessage: (data) => opts.bus!.forEach((c) => c !== mine && c.onmessage?.(new MessageEvent('message', { data }))),
            onmessage: null,
            close: () => {},
          };
          opts.bus!.add(mine);
          return mine;
        }
      : undefined,
  };
  return f;
}

const start = (f: Fakes, checklists: Checklist[] | null = [endUser, admin]) => {
  const fw = createInstance(f.platform);
  fw.init({ key: 'pk_test', endpoint: 'http://127.0.0.1:9/', checklists: checklists ?? undefined });
  return fw;
};
const settle = () => new Promise((r) => setTimeout(r, 0));
const doneIds = (fw: ReturnType<typeof start>) =>
  fw
    .progress()
    .items.filter((i) => i.done)
    .map((i) => i.id);

describe('a Firstwin instance', () => {
  it('shows each role its own checklist, and nothing to a role without one', async () => {
    const f = fakes();
    const fw = start(f);
    await fw.identify('u1', { role: 'end_user', accountId: 'acme' });
    expect(f.renders.at(-1)?.checklist.id).toBe('end-user-first-win');
    expect(f.renders.at(-1)?.progress.items.map((i) => i.done)).toEqual([false, false, false, false]);
    await fw.identify('u2', { role: 'sponsor', accountId: 'acme' });
    expect(f.renders.at(-1)).toBeNull();
    expect(fw.progress()).toEqual({ checklistId: null, items: [], activated: false, activatedAt: null });
  });

  it('completes items from tracked events, emits once each, and queues every call with ids', async () => {
    const f = fakes();
    const fw = start(f);
    const seen: string[] = [];
    fw.on('item_completed', (e) => seen.push(`item:${e.itemId}`));
    fw.on('activated', () => seen.push('activated'));
    fw.on('checklist_completed', () => seen.push('completed'));
    await fw.identify('u1', { role: 'end_user', accountId: 'acme' });
    fw.group('acme', { seats: 40, signedAt: '2026-10-01T00:00:00Z' });
    fw.track('interaction_logged');
    fw.track('deal_stage_changed', { direction: 'back' });
    fw.track('deal_stage_changed', { direction: 'forward' });
    expect(fw.progress().activated).toBe(false);
    fw.track('deal_stage_changed', { direction: 'forward' });
    fw.track('interaction_logged');
    expect(seen).toEqual(['item:log', 'item:move', 'activated']);
    expect(fw.progress()).toMatchObject({ checklistId: 'end-user-first-win', activated: true });
    expect(fw.progress().activatedAt).toBe(fw.progress().items[1]!.completedAt);
    expect(f.sent.map((m) => m.type)).toEqual(['identify', 'group', 'track', 'track', 'track', 'track', 'track']);
    expect(f.sent[0]).toMatchObject({ userId: 'u1', traits: { role: 'end_user', accountId: 'acme' } });
    expect(f.sent[1]).toMatchObject({ userId: 'u1', groupId: 'acme', traits: { seats: 40 } });
    expect(f.sent[2]).toMatchObject({ userId: 'u1', accountId: 'acme', event: 'interaction_logged' });
    expect(new Set(f.sent.map((m) => m.messageId)).size).toBe(7);
    expect(f.sent.every((m) => !Number.isNaN(Date.parse(m.timestamp)))).toBe(true);
    fw.track('pipeline_created');
    fw.complete('watch');
    expect(seen.slice(3)).toEqual(['item:team', 'item:watch', 'completed']);
    expect(f.renders.at(-1)?.justCompleted).toBe(true);
  });

  it('completes manual items through the reserved event, and only manual ones', async () => {
    const f = fakes();
    const fw = start(f);
    await fw.identify('u1', { role: 'end_user', accountId: 'acme' });
    fw.complete('log');
    fw.complete('nope');
    fw.track('firstwin:item_completed', { checklistId: endUser.id, itemId: 'log' });
    expect(doneIds(fw)).toEqual([]);
    fw.complete('watch');
    fw.complete('watch');
    expect(doneIds(fw)).toEqual(['watch']);
    const manual = f.sent.filter((m) => m.type === 'track');
    expect(manual).toHaveLength(1);
    expect(manual[0]).toMatchObject({ event: 'firstwin:item_completed', properties: { checklistId: endUser.id, itemId: 'watch' } });
  });

  it('keeps progress across a re-created instance on the same device', async () => {
    const store = memoryUserStore();
    const a = start(fakes({ store }));
    await a.identify('u1', { role: 'end_user', accountId: 'acme' });
    a.track('interaction_logged');
    a.dismiss();
    await settle();
    const f = fakes({ store });
    const b = start(f);
    await b.identify('u1', { role: 'end_user', accountId: 'acme' });
    expect(doneIds(b)).toEqual(['log']);
    expect(f.renders.at(-1) ?? null).toBeNull(); // dismissed stays dismissed
  });

  it('opens an unfinished checklist when the person arrives, until they close it on this device', async () => {
    const store = memoryUserStore();
    const f = fakes({ store });
    const a = start(f);
    await a.identify('u1', { role: 'end_user', accountId: 'acme' });
    expect(f.renders.at(-1)).toMatchObject({ open: true, quiet: true }); // by itself: focus stays on the page
    a.open();
    expect(f.renders.at(-1)).toMatchObject({ open: true, quiet: false });
    a.startGuide('log'); // the guide closes the panel to show its tip
    await a.identify('u1', { role: 'end_user', accountId: 'acme' }); // the app names the same person again
    expect(f.renders.at(-1)?.open).toBe(false); // not opened again on this page
    a.open();
    a.close(); // the app closing it is not the person: it will open by itself next time
    await settle();
    const h = fakes({ store });
    await start(h).identify('u1', { role: 'end_user', accountId: 'acme' });
    expect(h.renders.at(-1)?.open).toBe(true);
    a.open();
    f.ui!.close(true); // the panel's own close button
    expect(f.renders.at(-1)?.open).toBe(false);
    await settle();
    const g = fakes({ store });
    const b = start(g);
    await b.identify('u1', { role: 'end_user', accountId: 'acme' });
    expect(g.renders.at(-1)?.open).toBe(false); // closed on this device: the launcher only
    await b.identify('u2', { role: 'end_user', accountId: 'acme' });
    expect(g.renders.at(-1)?.open).toBe(true); // someone else, who never closed it
  });

  it('does not open by itself for a person whose checklist is finished', async () => {
    const one: Checklist = { id: 'one', role: 'end_user', title: 'One', items: [{ id: 'w', title: 'W', completeOn: 'manual' }] };
    const store = memoryUserStore();
    const a = start(fakes({ store }), [one]);
    await a.identify('u1', { role: 'end_user', accountId: 'acme' });
    a.complete('w'); // finished, never closed
    await settle();
    const g = fakes({ store });
    const b = start(g, [one]);
    await b.identify('u1', { role: 'end_user', accountId: 'acme' });
    expect(g.renders.at(-1)).toMatchObject({ open: false, progress: { items: [{ id: 'w', done: true }] } });
  });

  it('shows a dismissed checklist again on open(), for this page only', async () => {
    const store = memoryUserStore();
    const f = fakes({ store });
    const a = start(f);
    await a.identify('u1', { role: 'end_user', accountId: 'acme' });
    a.dismiss();
    expect(f.renders.at(-1) ?? null).toBeNull();
    a.open(); // the app's own "Getting started" entry
    expect(f.renders.at(-1)).toMatchObject({ open: true, dismissed: false });
    a.dismiss();
    expect(f.renders.at(-1) ?? null).toBeNull();
    a.open();
    await settle();
    const g = fakes({ store });
    const b = start(g);
    await b.identify('u1', { role: 'end_user', accountId: 'acme' });
    expect(g.renders.at(-1) ?? null).toBeNull();
  });

  it("merges the collector's progress (other devices, account-scoped items) and fetches checklists", async () => {
    const f = fakes({
      remote: {
        '/v1/checklists': [endUser, admin],
        '/v1/users/u%201/progress': {
          role: 'end_user',
          accountId: 'acme',
          items: [
            { id: 'team', done: true, completedAt: '2026-11-02T00:00:00.000Z' },
            { id: 'log', done: false, completedAt: null },
          ],
        },
      },
    });
    const fw = start(f, null);
    await fw.identify('u 1', { role: 'end_user', accountId: 'acme' });
    await settle();
    expect(f.requests).toEqual(['http://127.0.0.1:9/v1/checklists', 'http://127.0.0.1:9/v1/users/u%201/progress']);
    expect(doneIds(fw)).toEqual(['team']);
    expect(fw.progress().items[3]!.completedAt).toBe('2026-11-02T00:00:00.000Z');
  });

  it('asks the collector again once the identify is delivered, when it answered before knowing the person', async () => {
    // A new person: the collector places them in their account only when their identify arrives.
    const answers = [
      { role: null, accountId: null, items: [] },
      { role: 'end_user', accountId: 'acme', items: [{ id: 'team', done: true, completedAt: '2026-11-02T00:00:00.000Z' }] },
    ];
    const f = fakes();
    let delivered!: () => void;
    const flushed = new Promise<void>((r) => (delivered = r));
    f.platform.createDelivery = () => ({ enqueue: async (m) => void f.sent.push(m), flush: () => flushed, stop: () => {} });
    f.platform.fetch = (async (url: string) => {
      f.requests.push(String(url));
      return new Response(JSON.stringify(answers[f.requests.length - 1]), { status: 200 });
    }) as typeof fetch;
    const fw = start(f);
    await fw.identify('u1', { role: 'end_user', accountId: 'acme' });
    await settle();
    expect(f.requests).toHaveLength(1);
    expect(doneIds(fw)).toEqual([]);
    delivered();
    await settle();
    expect(f.requests).toHaveLength(2);
    expect(doneIds(fw)).toEqual(['team']);
    expect(f.renders.at(-1)?.progress.items.map((i) => i.done)).toEqual([false, false, false, true]);
    // Known to the collector, identified without an account (it came from a group): asked once.
    answers.push({ role: 'end_user', accountId: 'acme', items: [] });
    fw.reset();
    await fw.identify('u2', { role: 'end_user' });
    await settle();
    expect(f.requests).toHaveLength(3);
  });

  it("settles identify() when the collector never answers its progress read, showing this device's", async () => {
    vi.useFakeTimers();
    try {
      const f = fakes();
      f.platform.fetch = ((_url: string, init?: RequestInit) =>
        new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)))) as typeof fetch;
      const fw = start(f);
      let settled = false;
      const identified = fw.identify('u1', { role: 'end_user', accountId: 'acme' }).then(() => (settled = true));
      await vi.advanceTimersByTimeAsync(9_000);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1_001);
      await identified;
      expect(fw.progress().checklistId).toBe('end-user-first-win');
    } finally {
      vi.useRealTimers();
    }
  });

  it('proves who the person is with their userHash on every message and progress read, never as a trait', async () => {
    const f = fakes({ remote: { '/v1/users/u1/progress': { items: [] } } });
    const headers: Array<Record<string, string>> = [];
    const plain = f.platform.fetch;
    f.platform.fetch = ((url: string, init?: RequestInit) => {
      headers.push({ ...(init?.headers as Record<string, string>) });
      return plain(url, init);
    }) as typeof fetch;
    const fw = start(f);
    await fw.identify('u1', { role: 'end_user', accountId: 'acme', userHash: 'c0ffee' });
    fw.track('interaction_logged');
    await settle();
    expect(f.sent.map((m) => [m.type, m.userHash])).toEqual([
      ['identify', 'c0ffee'],
      ['track', 'c0ffee'],
    ]);
    expect(f.sent[0]!.traits).toEqual({ role: 'end_user', accountId: 'acme' });
    expect(headers.at(-1)).toEqual({ authorization: 'Bearer pk_test', 'x-firstwin-user-hash': 'c0ffee' });
    // The next person to sign in on this page does not travel with the first one's proof.
    fw.reset();
    await fw.identify('u2', { role: 'end_user' });
    fw.track('interaction_logged');
    await settle();
    expect(f.sent.slice(2).map((m) => m.userHash)).toEqual([undefined, undefined]);
    expect(headers.at(-1)).toEqual({ authorization: 'Bearer pk_test' });
  });

  it('sends the signed identity token with every message and progress read only when given, and a new one replaces it', async () => {
    const f = fakes({ remote: { '/v1/users/u1/progress': { items: [] }, '/v1/users/u2/progress': { items: [] } } });
    const headers: Array<Record<string, string>> = [];
    const plain = f.platform.fetch;
    f.platform.fetch = ((url: string, init?: RequestInit) => {
      headers.push({ ...(init?.headers as Record<string, string>) });
      return plain(url, init);
    }) as typeof fetch;
    const fw = start(f);
    fw.group('acme', { seats: 4 }); // before identify(): sent as the person's, with their token
    await fw.identify('u1', { role: 'end_user', accountId: 'acme', token: 'eyJ.one' });
    fw.track('interaction_logged');
    await settle();
    expect(f.sent.map((m) => [m.type, m.userId, m.token])).toEqual([
      ['identify', 'u1', 'eyJ.one'],
      ['group', 'u1', 'eyJ.one'],
      ['track', 'u1', 'eyJ.one'],
    ]);
    expect(f.sent[0]!.traits).toEqual({ role: 'end_user', accountId: 'acme' }); // never a trait
    expect(headers.at(-1)).toEqual({ authorization: 'Bearer pk_test', 'x-firstwin-token': 'eyJ.one' });
    // The app refreshes it by calling identify() again; one without a token keeps the last.
    await fw.identify('u1', { role: 'end_user', accountId: 'acme', token: 'eyJ.two' });
    await fw.identify('u1', { role: 'end_user', accountId: 'acme' });
    fw.track('interaction_logged');
    await settle();
    expect(f.sent.slice(3).map((m) => m.token)).toEqual(['eyJ.two', 'eyJ.two', 'eyJ.two']);
    // Without a token, no "token" field and no header: a collector that verifies nothing may refuse unknown fields.
    fw.reset();
    await fw.identify('u2', { role: 'end_user' });
    fw.track('interaction_logged');
    await settle();
    expect(f.sent.slice(6).map((m) => 'token' in m)).toEqual([false, false]);
    expect(headers.at(-1)).toEqual({ authorization: 'Bearer pk_test' });
    expect(headers.at(-1)).not.toHaveProperty('x-firstwin-token');
  });

  it("hands the panel an account source for a checklist with showAccountProgress and a token only, and a new one once the person's events are delivered", async () => {
    const sponsor: Checklist = {
      id: 's',
      role: 'sponsor',
      title: 'Rollout',
      showAccountProgress: true,
      items: [{ id: 'plan', title: 'Plan', completeOn: 'manual' }],
    };
    const f = fakes();
    const states: Array<UIState | null> = [];
    const mount = f.platform.mountUI;
    f.platform.mountUI = (a, o) => ({ ...mount(a, o), render: (s) => void states.push(s) });
    const fw = start(f, [sponsor, { ...endUser, role: 'end_user' }]);
    const errors: unknown[] = [];
    fw.on('error', (e) => errors.push(e));
    await fw.identify('sam', { role: 'sponsor', accountId: 'acme' });
    expect(states.at(-1)!.account).toBeUndefined(); // no token: never read
    await fw.identify('sam', { role: 'sponsor', accountId: 'acme', token: 'eyJ.sam' });
    const first = states.at(-1)!.account!;
    expect(first).toMatchObject({ endpoint: 'http://127.0.0.1:9/', key: 'pk_test', token: 'eyJ.sam' });
    fw.close();
    fw.open();
    expect(states.at(-1)!.account).toBe(first); // redrawn: the same source, not read again
    fw.complete('plan');
    await vi.waitFor(() => expect(states.at(-1)!.account).not.toBe(first));
    expect(states.at(-1)!.account!.token).toBe('eyJ.sam');
    first.onError(new Error('GET /v1/me/account answered 401'));
    expect(errors).toEqual([{ kind: 'account', message: 'Error: GET /v1/me/account answered 401' }]);
    // A checklist without it: no source, with a token too.
    await fw.identify('eli', { role: 'end_user', accountId: 'acme', token: 'eyJ.eli' });
    expect(states.at(-1)!.account).toBeUndefined();
  });

  it('shows the last checklists it saw when the collector cannot be reached', async () => {
    const store = memoryUserStore();
    const online = start(fakes({ store, remote: { '/v1/checklists': [endUser] } }), null);
    await online.identify('u1', { role: 'end_user', accountId: 'acme' });
    expect(online.progress().checklistId).toBe('end-user-first-win');
    const f = fakes({ store }); // every request now fails
    const offline = start(f, null);
    await offline.identify('u1', { role: 'end_user', accountId: 'acme' });
    expect(offline.progress().checklistId).toBe('end-user-first-win');
    expect(f.renders.at(-1)?.checklist.id).toBe('end-user-first-win');
  });

  it('applies events tracked before identify() to that person', async () => {
    const f = fakes();
    const fw = start(f);
    fw.track('interaction_logged');
    expect(f.sent).toEqual([]);
    await fw.identify('u1', { role: 'end_user', accountId: 'acme' });
    expect(doneIds(fw)).toEqual(['log']);
    expect(f.sent.map((m) => m.event ?? m.type)).toEqual(['identify', 'interaction_logged']);
  });

  it('sends calls made before identify() as made then: their own time and id, in order', async () => {
    const f = fakes();
    const fw = start(f);
    fw.track('interaction_logged');
    fw.group('acme', { seats: 5 });
    await fw.identify('u1', { role: 'end_user', accountId: 'acme' });
    const [identified, tracked, grouped] = f.sent;
    expect([identified!.type, tracked!.type, grouped!.type]).toEqual(['identify', 'track', 'group']);
    expect(tracked!.timestamp < grouped!.timestamp && grouped!.timestamp < identified!.timestamp).toBe(true);
    expect(tracked!.messageId < grouped!.messageId && grouped!.messageId < identified!.messageId).toBe(true);
  });

  it('opens the panel asked for in the same turn as identify(), or before it, once the checklist is known', async () => {
    for (const before of [false, true]) {
      const f = fakes();
      const fw = start(f);
      if (before) fw.open();
      const identified = fw.identify('u1', { role: 'end_user', accountId: 'acme' });
      if (!before) fw.open();
      await identified;
      await settle();
      expect(f.renders.at(-1)?.open).toBe(true);
    }
  });

  it('completes a manual item and starts a guide asked for while identify() loads, as of the call', async () => {
    const f = fakes();
    const fw = start(f);
    // As the snippet replays them: one turn, nothing awaited.
    const identified = fw.identify('u1', { role: 'end_user', accountId: 'acme' });
    fw.complete('watch');
    fw.startGuide('log');
    fw.complete('nope');
    // Sent at once, while the completion waits for the checklist.
    fw.track('deal_stage_changed', { direction: 'back' });
    await identified;
    await settle();
    expect(doneIds(fw)).toEqual(['watch']);
    expect(f.guides.map((g) => g.id)).toEqual(['log']);
    const [identify, tracked, completed] = f.sent;
    expect(f.sent).toHaveLength(3);
    expect(completed).toMatchObject({
      type: 'track',
      event: 'firstwin:item_completed',
      properties: { checklistId: endUser.id, itemId: 'watch' },
    });
    // Its time is the call's, not the later moment it was sent.
    expect(identify!.timestamp < completed!.timestamp && completed!.timestamp < tracked!.timestamp).toBe(true);
  });

  it('replays calls made before init(), in order', async () => {
    const f = fakes();
    const fw = createInstance(f.platform);
    const identified = fw.identify('u1', { role: 'end_user', accountId: 'acme' });
    fw.track('interaction_logged');
    fw.init({ key: 'pk', endpoint: 'http://127.0.0.1:9', checklists: [endUser] });
    await identified;
    expect(f.sent.map((m) => m.type)).toEqual(['identify', 'track']);
    expect(doneIds(fw)).toEqual(['log']);
  });

  it("init() again for the same project (the script tag started it) adds its checklists, over the collector's even when they answer later", async () => {
    const collectors = { ...endUser, id: 'from-the-collector' };
    const f = fakes({ remote: { '/v1/checklists': [collectors] } });
    const fw = createInstance(f.platform);
    fw.init({ key: 'pk', endpoint: 'http://127.0.0.1:9' }); // data-key and data-endpoint
    const identified = fw.identify('u1', { role: 'end_user', accountId: 'acme' }); // asks the collector
    fw.init({ key: 'pk', endpoint: 'http://127.0.0.1:9/', checklists: [endUser] }); // the page's own call, its endpoint with a slash
    await identified;
    await settle();
    expect(fw.progress().checklistId).toBe(endUser.id);
    expect(f.renders.at(-1)?.checklist.id).toBe(endUser.id);
    // Another project's init() changes nothing.
    fw.init({ key: 'pk_other', endpoint: 'http://127.0.0.1:9', checklists: [{ ...endUser, id: 'other' }] });
    expect(fw.progress().checklistId).toBe(endUser.id);
  });

  it('never throws into the host page', async () => {
    const f = fakes();
    const fw = start(f);
    const bad = fw as unknown as Record<string, (...a: unknown[]) => unknown>;
    await expect(bad.identify!(undefined, null)).resolves.toBeUndefined();
    expect(() => bad.track!(42)).not.toThrow();
    expect(() => bad.track!('firstwin:queue_dropped')).not.toThrow();
    expect(() => bad.complete!('x')).not.toThrow();
    expect(() => bad.startGuide!('x')).not.toThrow();
    expect(() => bad.group!({})).not.toThrow();
    fw.on('item_completed', () => {
      throw new Error('listener bug');
    });
    await fw.identify('u1', { role: 'end_user', accountId: 'acme' });
    expect(() => fw.track('interaction_logged')).not.toThrow();
    expect(doneIds(fw)).toEqual(['log']);
    expect(f.sent.filter((m) => m.type === 'track')).toHaveLength(1);
  });

  it('reports a guide whose target never appears as an event', async () => {
    const f = fakes();
    const fw = start(f);
    await fw.identify('u1', { role: 'end_user', accountId: 'acme' });
    fw.startGuide('log');
    expect(f.guides.map((g) => g.id)).toEqual(['log']);
    f.guides[0]!.onMissing();
    expect(f.sent.at(-1)).toMatchObject({
      event: 'firstwin:guide_target_missing',
      properties: { checklistId: endUser.id, itemId: 'log', target: '#log' },
    });
    expect(doneIds(fw)).toEqual([]);
  });

  it("waits on this page for startGuide()'s target; only the panel's \"Show me\" leads to the item's page", async () => {
    const f = fakes();
    let actions: UIActions | undefined;
    const mount = f.platform.mountUI;
    f.platform = { ...f.platform, mountUI: (a, o) => ((actions = a), mount(a, o)) };
    const fw = start(f);
    await fw.identify('u1', { role: 'end_user', accountId: 'acme' });
    fw.startGuide('log');
    actions!.startGuide('log');
    expect(f.guides.map((g) => [g.id, g.follow])).toEqual([
      ['log', false],
      ['log', true],
    ]);
  });

  it('forgets the person on reset() but not their queued events', async () => {
    const f = fakes();
    const fw = start(f);
    await fw.identify('u1', { role: 'end_user', accountId: 'acme' });
    fw.track('interaction_logged');
    fw.reset();
    expect(fw.progress().checklistId).toBeNull();
    expect(f.renders.at(-1)).toBeNull();
    expect(f.sent).toHaveLength(2);
  });

  it('hides a checklist dismissed in another tab, even one opened from its launcher here', async () => {
    const store = memoryUserStore();
    const bus: Bus = new Set();
    const fa = fakes({ store, bus });
    const a = start(fa);
    const b = start(fakes({ store, bus }));
    await a.identify('u1', { role: 'end_user', accountId: 'acme' });
    await b.identify('u1', { role: 'end_user', accountId: 'acme' });
    fa.ui!.close(true);
    fa.ui!.open(); // the launcher
    b.dismiss();
    await vi.waitFor(() => expect(fa.renders.at(-1) ?? null).toBeNull());
  });

  it('shows progress made in one tab in the other at once', async () => {
    const store = memoryUserStore();
    const bus: Bus = new Set();
    const a = start(fakes({ store, bus }));
    const fb = fakes({ store, bus });
    const b = start(fb);
    await a.identify('u1', { role: 'end_user', accountId: 'acme' });
    await b.identify('u1', { role: 'end_user', accountId: 'acme' });
    const completed = vi.fn();
    b.on('item_completed', completed);
    a.track('interaction_logged');
    b.complete('watch');
    await vi.waitFor(() => {
      expect(doneIds(b)).toEqual(['log', 'watch']);
      expect(doneIds(a)).toEqual(['log', 'watch']);
    });
    expect(fb.renders.at(-1)?.progress.items[0]!.done).toBe(true);
  });
});
