import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, expect, it } from 'vitest';
import { createApi } from '../api.js';
import { fakeCollector } from '../test-helpers.js';
import { WebhooksPage } from './webhooks-page.js';

afterEach(cleanup);

async function setup() {
  const c = fakeCollector({
    deliveries: {
      wh1: [
        {
          eventId: 'ev1',
          attempt: 1,
          type: 'account.status_changed',
          status: 'delivered',
          code: 200,
          at: '2026-11-30T10:00:00Z',
          accountId: 'acme',
        },
      ],
    },
  });
  const api = createApi({ root: 'http://collector.test/', fetch: c.fetch });
  await api.signIn('cs@example.com', 'right');
  render(<WebhooksPage api={api} />);
  return c;
}

it('creates a webhook, shows its secret once, and lists it', async () => {
  const c = await setup();
  expect(await screen.findByText('None yet.')).toBeTruthy();
  fireEvent.input(screen.getByLabelText('Receiver URL'), { target: { value: 'https://hooks.example.com/a' } });
  fireEvent.click(screen.getByRole('checkbox', { name: 'user.activated' }));
  fireEvent.click(screen.getByRole('radio', { name: /Slack/ }));
  fireEvent.submit(screen.getByRole('button', { name: 'Create webhook' }).closest('form')!);
  expect((await screen.findByRole('status')).textContent).toContain('whsec_shown_once');
  expect(c.requests.find((r) => r.method === 'POST' && r.path === '/v1/webhooks')!.body).toEqual({
    url: 'https://hooks.example.com/a',
    events: ['account.status_changed', 'account.first_value'],
    format: 'slack',
  });
  const list = (await screen.findByText('https://hooks.example.com/a', { selector: '.webhook-url' })).closest('section')!;
  expect(within(list).getByText('https://hooks.example.com/a')).toBeTruthy();
  // Listed again, the hook never carries the secret: only the answer to its creation did.
  expect(within(list).queryByText(/whsec_/)).toBeNull();
});

it('refuses a webhook with no event before asking the collector', async () => {
  const c = await setup();
  await screen.findByText('None yet.');
  fireEvent.input(screen.getByLabelText('Receiver URL'), { target: { value: 'https://hooks.example.com/a' } });
  for (const name of ['account.status_changed', 'account.first_value', 'user.activated'])
    fireEvent.click(screen.getByRole('checkbox', { name }));
  fireEvent.submit(screen.getByRole('button', { name: 'Create webhook' }).closest('form')!);
  expect((await screen.findByRole('alert')).textContent).toBe('Choose at least one event.');
  expect(c.requests.some((r) => r.method === 'POST' && r.path === '/v1/webhooks')).toBe(false);
});

it('sends a test and shows the deliveries', async () => {
  const c = await setup();
  c.state.webhooks!.push({ id: 'wh1', url: 'https://hooks.example.com/x', events: ['user.activated'], format: 'standard' });
  cleanup();
  const api = createApi({ root: 'http://collector.test/', fetch: c.fetch });
  await api.signIn('cs@example.com', 'right');
  render(<WebhooksPage api={api} />);
  fireEvent.click(await screen.findByRole('button', { name: 'Send test' }));
  expect((await screen.findByRole('status')).textContent).toBe('Test event queued.');
  expect(c.requests.some((r) => r.method === 'POST' && r.path === '/v1/webhooks/wh1/test')).toBe(true);
  const toggle = screen.getByRole('button', { name: 'Deliveries' });
  fireEvent.click(toggle);
  const table = await screen.findByRole('region', { name: 'Deliveries to https://hooks.example.com/x' });
  await waitFor(() => expect(toggle.getAttribute('aria-expanded')).toBe('true'));
  expect(table.textContent).toContain('account.status_changed');
  expect(table.textContent).toContain('200');
});
