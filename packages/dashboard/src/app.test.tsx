import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { App } from './app.js';
import { NOW, account, fakeCollector, plotRecorder } from './test-helpers.js';
import type { Timeline } from './types.js';

const ROOT = 'http://collector.test/';
beforeEach(() => {
  location.hash = '';
});
afterEach(cleanup);

function mount(collector: ReturnType<typeof fakeCollector>) {
  const charts = plotRecorder();
  render(
    <charts.Wrap>
      <App root={ROOT} fetch={collector.fetch} now={() => NOW} />
    </charts.Wrap>,
  );
  return charts;
}

async function signIn(password = 'right') {
  fireEvent.input(await screen.findByLabelText('Email'), { target: { value: 'cs@example.com' } });
  fireEvent.input(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

it("asks to sign in, refuses a wrong password with the collector's reason, and clears the field", async () => {
  const c = fakeCollector();
  mount(c);
  await signIn('wrong');
  expect((await screen.findByRole('alert')).textContent).toBe('wrong email or password');
  expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
  expect(screen.queryByRole('table')).toBeNull();
});

it('signs in, shows the accounts by status, and signs out with the CSRF token', async () => {
  const c = fakeCollector({
    accounts: [
      account('acme'),
      account('globex', { status: 'at_risk' }),
      account('initech', { status: 'at_risk', timeToFirstValueDays: 20 }),
    ],
  });
  mount(c);
  await signIn();
  const table = await screen.findByRole('table');
  expect(within(table).getAllByRole('row')).toHaveLength(4);
  expect(screen.getByRole('button', { name: /2 At risk/ })).toBeTruthy();
  // Worst first: the at-risk accounts lead.
  expect(
    within(table)
      .getAllByRole('rowheader')
      .map((h) => h.textContent),
  ).toEqual(['GLOBEX', 'INITECH', 'ACME']);
  expect(screen.getByRole('link', { name: /Download CSV/ }).getAttribute('href')).toBe(`${ROOT}v1/accounts?format=csv`);
  fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
  await screen.findByLabelText('Email');
  const out = c.requests.find((r) => r.method === 'DELETE')!;
  expect(out.headers['x-firstwin-csrf']).toBe('csrf-1');
  expect(c.requests.filter((r) => r.method === 'GET').every((r) => r.headers['x-firstwin-csrf'] === undefined)).toBe(true);
});

it('filters the table by a status card and by name', async () => {
  const c = fakeCollector({ accounts: [account('acme'), account('globex', { status: 'at_risk' })] });
  c.state.signedIn = true;
  mount(c);
  const table = await screen.findByRole('table');
  fireEvent.click(screen.getByRole('button', { name: /1 At risk/ }));
  expect(screen.getByRole('button', { name: /1 At risk/ }).getAttribute('aria-pressed')).toBe('true');
  expect(
    within(table)
      .getAllByRole('rowheader')
      .map((h) => h.textContent),
  ).toEqual(['GLOBEX']);
  expect(screen.getByRole('link', { name: /Download CSV/ }).getAttribute('href')).toBe(`${ROOT}v1/accounts?format=csv&status=at_risk`);
  fireEvent.click(screen.getByRole('button', { name: /All accounts/ }));
  fireEvent.input(screen.getByRole('searchbox'), { target: { value: 'acm' } });
  expect(
    within(table)
      .getAllByRole('rowheader')
      .map((h) => h.textContent),
  ).toEqual(['ACME']);
});

it("opens an account: the timeline chart gets the timeline's points, funnel titles come from the checklists", async () => {
  const timeline: Timeline = {
    accountId: 'a/b',
    signedAt: '2026-11-01T00:00:00Z',
    seats: 10,
    days: [0, 1, 2].map((day) => ({ day, date: `2026-11-0${day + 1}`, activatedSeats: day * 2, rate: day / 5, pace: day / 100 })),
  };
  const c = fakeCollector({
    accounts: [account('a/b')],
    timelines: { 'a/b': timeline },
    users: {
      'a/b': [
        {
          userId: 'u1',
          role: 'end_user',
          itemsDone: ['log'],
          activated: true,
          activatedAt: '2026-11-03T10:00:00Z',
          lastSeenAt: '2026-11-29T09:00:00Z',
        },
      ],
    },
  });
  c.state.signedIn = true;
  const charts = mount(c);
  fireEvent.click(await screen.findByRole('link', { name: 'A/B' }));
  expect(await screen.findByRole('heading', { level: 1, name: 'A/B' })).toBeTruthy();
  expect(c.requests.some((r) => r.path === '/v1/accounts/a%2Fb/timeline')).toBe(true);
  await waitFor(() => expect(charts.plots.some((p) => p.opts.series.length === 3 && !p.destroyed)).toBe(true));
  const plot = charts.plots.find((p) => p.opts.series.length === 3 && !p.destroyed)!;
  expect(plot.data).toEqual([
    [0, 1, 2],
    [0, 2, 4],
    [0, 0.1, 0.2],
  ]);
  expect(screen.getByText('Log an interaction')).toBeTruthy();
  expect(screen.getByText('4 of 5 (80 %)')).toBeTruthy();
  const people = screen.getByRole('region', { name: 'People table' });
  expect(within(people).getByRole('rowheader').textContent).toBe('u1');
  expect(people.textContent).toContain('29 Nov');
});

it('copes with a collector that has no timeline, no webhooks, no health', async () => {
  const c = fakeCollector({ timelines: null, webhooks: null });
  c.state.signedIn = true;
  location.hash = '#/accounts/acme';
  mount(c);
  expect(await screen.findByText('This collector has no timeline yet.')).toBeTruthy();
  expect(await screen.findByText('This collector does not send webhooks yet.')).toBeTruthy();
  expect(screen.queryByRole('alert')).toBeNull();
});

it('an account of another project, typed into the address, is not found', async () => {
  const c = fakeCollector();
  c.state.signedIn = true;
  location.hash = '#/accounts/other-project-account';
  mount(c);
  expect(await screen.findByRole('heading', { level: 1, name: 'Account not found' })).toBeTruthy();
  expect(screen.getByRole('alert').textContent).toContain('no account "other-project-account" in this project');
});

it('goes back to the sign-in form when the session ends', async () => {
  const c = fakeCollector();
  c.state.signedIn = true;
  mount(c);
  await screen.findByRole('table');
  c.state.signedIn = false;
  fireEvent.click(screen.getByRole('link', { name: 'ACME' }));
  expect(await screen.findByLabelText('Email')).toBeTruthy();
});

it('lists the webhook deliveries about this account, and only those', async () => {
  const delivery = (accountId: string | null, at: string) => ({
    eventId: `e-${accountId}-${at}`,
    attempt: 1,
    type: 'account.status_changed',
    status: 'failed',
    code: 500,
    at,
    accountId,
  });
  const c = fakeCollector({
    webhooks: [{ id: 'wh1', url: 'https://hooks.example.com/a', events: ['account.status_changed'], format: 'standard' }],
    deliveries: {
      wh1: [
        delivery('acme', '2026-11-29T10:00:00Z'),
        delivery('globex', '2026-11-29T11:00:00Z'),
        delivery(null, '2026-11-29T12:00:00Z'),
        delivery('acme', '2026-11-30T08:00:00Z'),
      ],
    },
  });
  c.state.signedIn = true;
  location.hash = '#/accounts/acme';
  mount(c);
  const fired = await screen.findByRole('region', { name: 'Webhooks this account fired' });
  expect(
    within(fired)
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.textContent),
  ).toEqual(['30 Nov, 08:00 UTCaccount.status_changed1failed500', '29 Nov, 10:00 UTCaccount.status_changed1failed500']);
});

it("says so when the collector's deliveries do not name their account", async () => {
  const c = fakeCollector({
    webhooks: [{ id: 'wh1', url: 'https://hooks.example.com/a', events: ['user.activated'], format: 'standard' }],
    deliveries: { wh1: [{ eventId: 'e1', type: 'user.activated', status: 'delivered', code: 200, at: '2026-11-29T10:00:00Z' }] },
  });
  c.state.signedIn = true;
  location.hash = '#/accounts/acme';
  mount(c);
  expect(await screen.findByText("This collector's deliveries do not say which account they are about yet.")).toBeTruthy();
});
