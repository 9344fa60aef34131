import { cleanup, render, screen } from '@testing-library/preact';
import { h } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pickStrings } from '../strings.js';
import type { AccountSource } from '../types.js';
import { accountBlock } from './account-block.js';
import { AccountView } from './account-view.js';
import { readAccount, type AccountSummary } from './read-account.js';

const ACME = {
  accountId: 'acme',
  name: 'Acme',
  seats: 40,
  seatsKnown: true,
  activatedSeats: 12,
  seatActivationRate: 0.3,
  status: 'at_risk',
  signedAt: null,
  firstValueAt: null,
  timeToFirstValueDays: 3.5,
};

/** A fake collector: records each request, answers `status` with `body`. */
function collector(status: number, body: unknown) {
  const requests: Array<{ url: string; headers: Record<string, string> }> = [];
  const fetch = (async (url: string, init?: RequestInit) => {
    requests.push({ url: String(url), headers: init?.headers as Record<string, string> });
    return new Response(JSON.stringify(body), { status });
  }) as typeof globalThis.fetch;
  return { requests, fetch };
}
const source = (fetch: typeof globalThis.fetch, onError = vi.fn()): AccountSource => ({
  endpoint: 'http://127.0.0.1:9/',
  key: 'pk_1',
  token: 'jwt.of.sam',
  fetch,
  onError,
});

afterEach(cleanup);

describe('readAccount', () => {
  it("reads GET /v1/me/account with the publishable key and the person's token", async () => {
    const c = collector(200, ACME);
    expect(await readAccount(source(c.fetch))).toEqual({ seats: 40, activatedSeats: 12, status: 'at_risk', timeToFirstValueDays: 3.5 });
    expect(c.requests).toEqual([
      { url: 'http://127.0.0.1:9/v1/me/account', headers: { authorization: 'Bearer pk_1', 'x-firstwin-token': 'jwt.of.sam' } },
    ]);
  });

  it('refuses a refusal and an answer of another shape', async () => {
    await expect(readAccount(source(collector(401, { error: 'bad token' }).fetch))).rejects.toThrow(/answered 401/);
    await expect(readAccount(source(collector(403, { error: 'not enforced' }).fetch))).rejects.toThrow(/answered 403/);
    for (const bad of [
      null,
      [],
      { ...ACME, seats: '40' },
      { ...ACME, activatedSeats: -1 },
      { ...ACME, status: '<b>ok</b>' },
      { ...ACME, timeToFirstValueDays: 'soon' },
    ]) {
      await expect(readAccount(source(collector(200, bad).fetch)), JSON.stringify(bad)).rejects.toThrow(/unexpected shape/);
    }
  });
});

describe('<AccountView>', () => {
  const summary = (extra: Partial<AccountSummary> = {}): AccountSummary => ({
    seats: 40,
    activatedSeats: 12,
    status: 'on_track',
    timeToFirstValueDays: 3.54,
    ...extra,
  });

  it('is a group labelled by its heading: seats active of seats, the status and time to first value in words', () => {
    render(<AccountView summary={summary()} strings={pickStrings(undefined)} />);
    const group = screen.getByRole('group', { name: 'Your account' });
    expect(group.textContent).toBe('Your account12 of 40 seats activeOn trackFirst value in 3.5 days');
  });

  it('says nothing of the first value before there is one, and each status in words', () => {
    for (const [status, text] of [
      ['at_risk', 'At risk'],
      ['activated', 'Activated'],
      ['no_data', 'No data yet'],
    ] as const) {
      const { unmount } = render(
        <AccountView summary={summary({ status, timeToFirstValueDays: null })} strings={pickStrings(undefined)} />,
      );
      expect(screen.getByRole('group').textContent).toBe(`Your account12 of 40 seats active${text}`);
      unmount();
    }
  });

  it("speaks the page's language, and the vendor's words over it", async () => {
    const { words } = await import('../locales/de.js');
    render(<AccountView summary={summary()} strings={pickStrings(words, { account: 'Acme bei uns' })} />);
    expect(screen.getByRole('group', { name: 'Acme bei uns' }).textContent).toBe(
      'Acme bei uns12 von 40 Plätzen aktivIm PlanErster Nutzen nach 3.5 Tagen',
    );
  });
});

describe('accountBlock', () => {
  it('draws the block once read; after an error, nothing, and the error goes to onError without a throw', async () => {
    const draw = await accountBlock(source(collector(200, ACME).fetch));
    render(<div>{draw!(pickStrings(undefined))}</div>);
    expect(screen.getByRole('group', { name: 'Your account' })).toBeTruthy();
    const onError = vi.fn();
    expect(await accountBlock(source(collector(401, { error: 'no token' }).fetch, onError))).toBeUndefined();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: expect.stringMatching(/answered 401/) }));
    const offline = vi.fn();
    expect(await accountBlock(source((() => Promise.reject(new TypeError('Failed to fetch'))) as never, offline))).toBeUndefined();
    expect(offline).toHaveBeenCalledWith(expect.any(TypeError));
  });
});
