import { expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.js';

it('hashes with a salt of its own each time, and verifies only the password it was made from', async () => {
  const a = await hashPassword('correct horse battery');
  const b = await hashPassword('correct horse battery');
  expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
  expect(a).not.toBe(b);
  expect(await verifyPassword('correct horse battery', a)).toBe(true);
  expect(await verifyPassword('correct horse batterY', a)).toBe(false);
  expect(await verifyPassword('', a)).toBe(false);
});

it('reads the cost from the hash, so a later setting leaves older hashes valid', async () => {
  const cheap = 'scrypt$1024$8$1$c2FsdHNhbHRzYWx0c2FsdA$';
  const { scryptSync } = await import('node:crypto');
  const key = scryptSync('pw-1234567', Buffer.from('c2FsdHNhbHRzYWx0c2FsdA', 'base64url'), 32, { N: 1024, r: 8, p: 1 }).toString(
    'base64url',
  );
  expect(await verifyPassword('pw-1234567', cheap + key)).toBe(true);
});

it('answers false for no user at all (after the work a real hash costs) and for a hash it cannot read', async () => {
  expect(await verifyPassword('anything', null)).toBe(false);
  expect(await verifyPassword('anything', 'plain:text')).toBe(false);
});
