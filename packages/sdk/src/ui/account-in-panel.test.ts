import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Checklist, Progress } from '../rules/types.js';
import { inlineStyles } from './inline-styles.js';
import { loadWords } from './locales/index.js';
import { mountUI, type AccountSource, type UIState } from './index.js';

const list: Checklist = {
  id: 'sponsor',
  role: 'sponsor',
  title: "Your team's rollout",
  showAccountProgress: true,
  items: [{ id: 'review', title: 'Review the rollout plan', completeOn: 'manual' }],
};
const progress: Progress = {
  checklistId: 'sponsor',
  activated: false,
  activatedAt: null,
  items: [{ id: 'review', done: false, completedAt: null }],
};
const actions = () => ({ complete: vi.fn(), startGuide: vi.fn(), open: vi.fn(), close: vi.fn(), dismiss: vi.fn() });

/** A collector whose account moves: each read answers the next number of activated seats. */
function collector(answers: Array<number | 'down'>) {
  const reads: string[] = [];
  const fetch = (async (url: string, init?: RequestInit) => {
    reads.push(`${url} ${(init?.headers as Record<string, string> | undefined)?.['x-firstwin-token']}`);
    const next = answers.shift();
    if (next === 'down') return new Response('{"error":"bad token"}', { status: 401 });
    return new Response(JSON.stringify({ seats: 40, activatedSeats: next, status: 'on_track', timeToFirstValueDays: null }));
  }) as typeof globalThis.fetch;
  return { reads, fetch };
}
const source = (fetch: typeof globalThis.fetch, onError = vi.fn(), token = 'tok'): AccountSource => ({
  endpoint: 'http://127.0.0.1:9',
  key: 'pk_1',
  token,
  fetch,
  onError,
});
const state = (account: AccountSource | undefined, open = true): UIState => ({
  checklist: list,
  progress,
  open,
  dismissed: false,
  account,
});

const shadow = () => document.querySelector('firstwin-app')!.shadowRoot!;
const block = () => shadow().querySelector('[role=group]');
const settled = () => vi.waitFor(() => new Promise((r) => setTimeout(r, 0)));
const mount = () =>
  mountUI(
    document,
    actions(),
    {},
    { guide: () => import('./guide/index.js'), account: () => import('./account/index.js'), words: loadWords, styles: inlineStyles },
  );

afterEach(() => document.querySelectorAll('firstwin-app').forEach((e) => e.remove()));

describe('the account block in the panel', () => {
  it('reads when the panel opens and again for a new source; not while closed', async () => {
    const c = collector([12, 13, 14]);
    const ui = mount();
    const first = source(c.fetch);
    ui.render(state(first, false));
    await settled();
    expect(c.reads).toEqual([]);
    ui.render(state(first));
    await vi.waitFor(() => expect(block()?.textContent).toContain('12 of 40 seats active'));
    expect(block()!.getAttribute('aria-labelledby')).toBeTruthy();
    expect(shadow().getElementById(block()!.getAttribute('aria-labelledby')!)!.textContent).toBe('Your account');
    // The same source redrawn (a checkbox, a progress change) does not read again.
    ui.render(state(first));
    await settled();
    expect(c.reads).toHaveLength(1);
    // The person's events acknowledged: the core hands a new source.
    ui.render(state(source(c.fetch)));
    await vi.waitFor(() => expect(block()?.textContent).toContain('13 of 40 seats active'));
    // Closed, then opened again: read again.
    ui.render(state(first, false));
    ui.render(state(first));
    await vi.waitFor(() => expect(block()?.textContent).toContain('14 of 40 seats active'));
    expect(c.reads).toEqual(Array(3).fill('http://127.0.0.1:9/v1/me/account tok'));
  });

  it('shows nothing of the account after an error, and tells onError', async () => {
    const c = collector([12, 'down']);
    const ui = mount();
    ui.render(state(source(c.fetch)));
    await vi.waitFor(() => expect(block()).not.toBeNull());
    const onError = vi.fn();
    ui.render(state(source(c.fetch, onError)));
    await vi.waitFor(() => expect(onError).toHaveBeenCalledOnce());
    expect(String(onError.mock.calls[0]![0])).toMatch(/answered 401/);
    expect(block()).toBeNull();
    expect(shadow().querySelector('[role=dialog]')).not.toBeNull();
  });

  it('drops an answer for a source it no longer shows (another person signed in meanwhile)', async () => {
    let release!: () => void;
    const slow = (async () => {
      await new Promise<void>((r) => (release = r));
      return new Response(JSON.stringify({ seats: 40, activatedSeats: 39, status: 'activated', timeToFirstValueDays: 1 }));
    }) as typeof globalThis.fetch;
    const c = collector([2]);
    const ui = mount();
    ui.render(state(source(slow, vi.fn(), 'old')));
    await settled();
    ui.render(state(source(c.fetch, vi.fn(), 'new')));
    await vi.waitFor(() => expect(block()?.textContent).toContain('2 of 40'));
    release();
    await settled();
    expect(block()!.textContent).toContain('2 of 40');
  });

  it('is not there without a source (no showAccountProgress, or no token)', async () => {
    const ui = mount();
    ui.render(state(undefined));
    await settled();
    expect(shadow().querySelector('[role=dialog]')).not.toBeNull();
    expect(block()).toBeNull();
  });
});
