import { expect, it } from 'vitest';
import { loginLimits } from './login-limits.js';

function clock() {
  let t = 0;
  const slept: number[] = [];
  return { now: () => t, advance: (ms: number) => void (t += ms), slept, sleep: async (ms: number) => void slept.push(ms) };
}

it('slows each wrong password more, and refuses an email past its limit until the window has passed', async () => {
  const c = clock();
  const limits = loginLimits({ now: c.now, sleep: c.sleep, windowMs: 60_000, perEmail: 3, perAddress: 100 });
  for (let i = 0; i < 3; i++) {
    expect(limits.retryAfter('1.1.1.1', 'ana@x.test')).toBe(0);
    await limits.failed('1.1.1.1', 'ana@x.test');
    c.advance(1000);
  }
  expect(c.slept).toEqual([250, 500, 1000]);
  // From any address: the email is what is being guessed at.
  expect(limits.retryAfter('2.2.2.2', 'ana@x.test')).toBe(57);
  expect(limits.retryAfter('2.2.2.2', 'bob@x.test')).toBe(0);
  c.advance(57_000);
  expect(limits.retryAfter('2.2.2.2', 'ana@x.test')).toBe(0);
});

it('limits an address that tries many emails', async () => {
  const c = clock();
  const limits = loginLimits({ now: c.now, sleep: c.sleep, windowMs: 60_000, perEmail: 100, perAddress: 3 });
  for (const email of ['a@x.test', 'b@x.test', 'c@x.test']) await limits.failed('1.1.1.1', email);
  expect(limits.retryAfter('1.1.1.1', 'd@x.test')).toBe(60);
  expect(limits.retryAfter('9.9.9.9', 'd@x.test')).toBe(0);
});

it("forgets an email's failures once its password is right, but not the address's", async () => {
  const c = clock();
  const limits = loginLimits({ now: c.now, sleep: c.sleep, windowMs: 1000, perEmail: 2, perAddress: 2 });
  await limits.failed('1.1.1.1', 'ana@x.test');
  await limits.failed('1.1.1.1', 'ana@x.test');
  limits.succeeded('ana@x.test');
  expect(limits.retryAfter('3.3.3.3', 'ana@x.test')).toBe(0);
  expect(limits.retryAfter('1.1.1.1', 'bob@x.test')).toBe(1);
});
