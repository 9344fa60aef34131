import { expect, it, vi } from 'vitest';
import { createApi } from './api.js';
import { fakeCollector } from './test-helpers.js';

const ROOT = 'http://collector.test/';

it("sends the session's CSRF token on every state change, never on a read", async () => {
  const c = fakeCollector();
  const api = createApi({ root: ROOT, fetch: c.fetch });
  await api.signIn('cs@example.com', 'right');
  await api.accounts();
  await api.createWebhook({ url: 'https://example.com/h', events: ['user.activated'], format: 'slack' });
  await api.testWebhook('wh1');
  await api.deleteWebhook('wh1');
  const [signIn, ...rest] = c.requests;
  expect(signIn!.headers['x-firstwin-csrf']).toBe('');
  expect(rest.map((r) => [r.method, r.headers['x-firstwin-csrf'] ?? null])).toEqual([
    ['GET', null],
    ['POST', 'csrf-1'],
    ['POST', 'csrf-1'],
    ['DELETE', 'csrf-1'],
  ]);
});

it('reports a 401 on a read as signed out, but not a wrong password or the first "who am I"', async () => {
  const c = fakeCollector();
  const onSignedOut = vi.fn();
  const api = createApi({ root: ROOT, fetch: c.fetch, onSignedOut });
  expect(await api.session()).toBeNull();
  await expect(api.signIn('cs@example.com', 'wrong')).rejects.toMatchObject({ status: 401, message: 'wrong email or password' });
  expect(onSignedOut).not.toHaveBeenCalled();
  await expect(api.accounts()).rejects.toMatchObject({ status: 401 });
  expect(onSignedOut).toHaveBeenCalledTimes(1);
});

it('escapes ids into one path segment, so an id cannot reach another route', async () => {
  const c = fakeCollector();
  const api = createApi({ root: ROOT, fetch: c.fetch });
  await api.signIn('cs@example.com', 'right');
  await expect(api.account('../webhooks')).rejects.toMatchObject({ status: 404 });
  expect(c.requests.at(-1)!.path).toBe('/v1/accounts/..%2Fwebhooks/activation');
  expect(api.csvUrl('at_risk')).toBe(`${ROOT}v1/accounts?format=csv&status=at_risk`);
});

it('says what went wrong when the answer is not JSON', async () => {
  const api = createApi({ root: ROOT, fetch: async () => new Response('<html>bad gateway</html>', { status: 502 }) });
  await expect(api.accounts()).rejects.toMatchObject({ status: 502, message: 'the collector answered 502' });
});
