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
  expect(await screen.findByText("This collector does not list an account's webhook deliveries yet.")).toBeTruthy();
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

it('lists the webhook deliveries about this account in one read: when, what, to which webhook, how it went', async () => {
  const delivery = (url: string, at: string, status: string, code: number | null) => ({
    eventId: `e-${at}`,
    attempt: 1,
    type: 'account.status_changed',
    status,
    code,
    error: code === null ? 'ECONNREFUSED' : null,
    at,
    accountId: 'acme',
    webhookId: 'wh1',
    url,
  });
  const c = fakeCollector({
    webhooks: [{ id: 'wh1', url: 'https://hooks.example.com/a', events: ['account.status_changed'], format: 'standard' }],
    accountDeliveries: {
      acme: [
        delivery('https://hooks.example.com/a', '2026-11-30T08:00:00Z', 'delivered', 204),
        delivery('https://hooks.slack.com/services/T0/B0/x', '2026-11-29T10:00:00Z', 'gave_up', null),
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
      .map((r) => [...r.children].map((cell) => cell.textContent)),
  ).toEqual([
    ['Time', 'Event', 'Webhook', 'Attempt', 'Status', 'Answer'],
    ['30 Nov, 08:00 UTC', 'account.status_changed', 'https://hooks.example.com/a', '1', 'delivered', '204'],
    ['29 Nov, 10:00 UTC', 'account.status_changed', 'https://hooks.slack.com/services/T0/B0/x', '1', 'gave up', 'ECONNREFUSED'],
  ]);
  // One request for the account's deliveries, none per webhook.
  expect(c.requests.filter((r) => r.path.includes('deliveries')).map((r) => r.path)).toEqual(['/v1/accounts/acme/deliveries']);
});
