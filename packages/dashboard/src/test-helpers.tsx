// A collector in memory for component tests: answers the dashboard's routes the way
// SPEC.md shapes them, records every request, and checks the session's CSRF token.
import type { ComponentChildren } from 'preact';
import type uPlot from 'uplot';
import { PlotContext, type PlotFactory } from './components/chart.js';
import type { AccountSummary, AccountUser, Checklist, Delivery, Timeline, Webhook } from './types.js';

export const NOW = Date.parse('2026-11-30T12:00:00Z');

export function account(id: string, over: Partial<AccountSummary> = {}): AccountSummary {
  return {
    accountId: id,
    name: id.toUpperCase(),
    seats: 10,
    seatsKnown: true,
    activatedSeats: 3,
    seatActivationRate: 0.3,
    byRole: { end_user: { users: 5, activated: 3, rate: 0.6 } },
    signedAt: '2026-11-01T00:00:00Z',
    firstValueAt: '2026-11-04T00:00:00Z',
    timeToFirstValueDays: 3,
    items: [
      { checklistId: 'eu', itemId: 'log', completedUsers: 4 },
      { checklistId: 'eu', itemId: 'deal', completedUsers: 3 },
    ],
    status: 'on_track',
    ...over,
  };
}

export interface FakeState {
  password: string;
  accounts: AccountSummary[];
  users: Record<string, AccountUser[]>;
  timelines: Record<string, Timeline> | null;
  checklists: Checklist[];
  webhooks: Webhook[] | null;
  deliveries: Record<string, Delivery[]>;
  /** What `GET /v1/accounts/:id/deliveries` answers, per account (no such route while `webhooks` is null). */
  accountDeliveries: Record<string, Delivery[]>;
  signedIn: boolean;
}

export function fakeCollector(over: Partial<FakeState> = {}) {
  const state: FakeState = {
    password: 'right',
    accounts: [account('acme')],
    users: {},
    timelines: {},
    signedIn: false,
    checklists: [
      {
        id: 'eu',
        role: 'end_user',
        title: 'Your first win',
        items: [
          { id: 'log', title: 'Log an interaction' },
          { id: 'deal', title: 'Move a deal' },
        ],
      },
    ],
    webhooks: [],
    deliveries: {},
    accountDeliveries: {},
    ...over,
  };
  const requests: Array<{ method: string; path: string; headers: Record<string, string>; body: unknown }> = [];
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const session = { email: 'cs@example.com', projectId: 'p1', projectName: 'Demo', csrfToken: 'csrf-1' };

  const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const method = init.method ?? 'GET';
    const headers = (init.headers ?? {}) as Record<string, string>;
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    requests.push({ method, path: url.pathname, headers, body });
    const p = url.pathname;
    if (p === '/dashboard/api/session') {
      if (method === 'POST') {
        if (body.password !== state.password) return json(401, { error: 'wrong email or password' });
        state.signedIn = true;
        return json(200, session);
      }
      if (!state.signedIn) return json(401, { error: 'not signed in' });
      if (method === 'DELETE') {
        state.signedIn = false;
        return json(200, {});
      }
      return json(200, session);
    }
    if (!state.signedIn) return json(401, { error: 'not signed in' });
    if (method !== 'GET' && headers['x-firstwin-csrf'] !== session.csrfToken) return json(403, { error: 'missing CSRF token' });
    const m = /^\/v1\/accounts\/([^/]+)\/(activation|users|timeline|deliveries)$/.exec(p);
    if (m) {
      const id = decodeURIComponent(m[1]!);
      const a = state.accounts.find((x) => x.accountId === id);
      if (!a) return json(404, { error: `no account "${id}" in this project` });
      if (m[2] === 'activation') return json(200, a);
      if (m[2] === 'users') return json(200, state.users[id] ?? []);
      if (m[2] === 'deliveries') {
        if (state.webhooks === null) return json(404, { error: 'Route GET:/v1/accounts/x/deliveries not found' });
        return json(200, state.accountDeliveries[id] ?? []);
      }
      const t = state.timelines?.[id];
      return t ? json(200, t) : json(404, { error: 'Route GET:/v1/accounts/x/timeline not found' });
    }
    if (p === '/v1/accounts') return json(200, state.accounts);
    if (p === '/v1/checklists') return json(200, state.checklists);
    if (p === '/v1/activation-target') return json(200, { rate: 0.7, days: 60, isDefault: true });
    if (state.webhooks === null) return json(404, { error: 'not found' });
    if (p === '/v1/webhooks' && method === 'GET') return json(200, state.webhooks);
    if (p === '/v1/webhooks' && method === 'POST') {
      const hook = { id: `wh${state.webhooks.length + 1}`, ...body };
      state.webhooks.push(hook);
      return json(201, { ...hook, secret: 'whsec_shown_once' });
    }
    const w = /^\/v1\/webhooks\/([^/]+)(\/deliveries|\/test)?$/.exec(p);
    if (w) {
      if (w[2] === '/deliveries') return json(200, state.deliveries[w[1]!] ?? []);
      if (w[2] === '/test') return json(202, { eventId: 'ev1', type: 'webhook.test' });
      if (method === 'DELETE') {
        state.webhooks = state.webhooks.filter((h) => h.id !== w[1]);
        return json(200, {});
      }
    }
    return json(404, { error: `no route ${method} ${p}` });
  }) as typeof globalThis.fetch;
  return { state, requests, fetch };
}

/** Charts recorded instead of drawn: happy-dom has no canvas. */
export function plotRecorder() {
  const plots: Array<{ opts: uPlot.Options; data: uPlot.AlignedData; destroyed: boolean }> = [];
  const factory: PlotFactory = (opts, data) => {
    const p = { opts, data, destroyed: false };
    plots.push(p);
    return {
      setSize() {},
      destroy() {
        p.destroyed = true;
      },
    };
  };
  const Wrap = ({ children }: { children: ComponentChildren }) => <PlotContext.Provider value={factory}>{children}</PlotContext.Provider>;
  return { plots, Wrap };
}
