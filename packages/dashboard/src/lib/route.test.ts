import { expect, it } from 'vitest';
import { accountHref, parseRoute } from './route.js';

it('reads the page from the address hash, an account id whatever it contains', () => {
  expect(parseRoute('')).toEqual({ page: 'accounts' });
  expect(parseRoute('#/webhooks')).toEqual({ page: 'webhooks' });
  expect(parseRoute(accountHref('a/b c?#%'))).toEqual({ page: 'account', accountId: 'a/b c?#%' });
  expect(parseRoute('#/accounts/%E0%A4%A')).toEqual({ page: 'accounts' });
  expect(parseRoute('#/nowhere')).toEqual({ page: 'accounts' });
});
