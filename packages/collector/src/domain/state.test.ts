import { describe, expect, it } from 'vitest';
import { mayMove, newUser, type UserRow } from './state.js';
import type { StoredEvent } from './event.js';

const placed = (role: string | null, accountId: string | null): UserRow => ({ ...newUser('u1'), role, accountId });
const ev = (type: StoredEvent['type'], fields: Partial<StoredEvent> = {}): StoredEvent => ({ messageId: 'm', type, userId: 'u1', timestamp: 0, ...fields });

describe('mayMove', () => {
  it('is false for what cannot change a role or account: the identify every page load repeats, tracks and groups of a placed person', () => {
    const u = placed('end_user', 'acme');
    expect(mayMove(u, ev('identify', { traits: { role: 'end_user', accountId: 'acme', name: 'Eli' } }))).toBe(false);
    expect(mayMove(u, ev('identify', { traits: { role: '', name: 'Eli' } }))).toBe(false);
    expect(mayMove(u, ev('track', { event: 'x', accountId: 'other' }))).toBe(false);
    expect(mayMove(u, ev('group', { accountId: 'other', traits: {} }))).toBe(false);
  });

  it('is true for a new role or account, a first account, and a person never seen', () => {
    expect(mayMove(placed('end_user', 'acme'), ev('identify', { traits: { role: 'admin' } }))).toBe(true);
    expect(mayMove(placed('end_user', 'acme'), ev('identify', { traits: { accountId: 'globex' } }))).toBe(true);
    expect(mayMove(placed('end_user', null), ev('track', { event: 'x', accountId: 'acme' }))).toBe(true);
    expect(mayMove(placed(null, null), ev('group', { accountId: 'acme', traits: {} }))).toBe(true);
    expect(mayMove(undefined, ev('track', { event: 'x' }))).toBe(true);
  });
});
