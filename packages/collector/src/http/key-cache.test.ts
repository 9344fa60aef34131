import { describe, expect, it } from 'vitest';
import type { Caller, Store } from '../domain/storage.js';
import { KEY_TTL_MS, withKeyCache } from './key-cache.js';

/** A store that knows one key, counting how often it is asked. */
function counting() {
  const project: Caller = {
    projectId: 'p1',
    kind: 'publishable',
    userHashSecret: null,
    activationTarget: null,
    tokenMode: 'off',
    tokenSecret: null,
  } as const;
  const asked: string[] = [];
  const store = {
    findProject: async (key: string) => (
      asked.push(key), key === 'pk_1' ? { ...project } : key === 'sk_1' ? { ...project, kind: 'secret' } : undefined
    ),
    setUserHashSecret: async (_id: string, secret: string | null) => void (project.userHashSecret = secret),
  } as unknown as Store;
  return { store, asked };
}

describe('the key cache', () => {
  it('asks the store once per publishable key and second, and never keeps a key it did not find or a secret one', async () => {
    const { store, asked } = counting();
    let t = 0;
    const cached = withKeyCache(store, () => t);
    for (let i = 0; i < 3; i++) expect(await cached.findProject('pk_1')).toMatchObject({ projectId: 'p1' });
    for (let i = 0; i < 3; i++) expect(await cached.findProject('pk_guess')).toBeUndefined();
    for (let i = 0; i < 2; i++) expect(await cached.findProject('sk_1')).toMatchObject({ kind: 'secret' });
    expect(asked).toEqual(['pk_1', 'pk_guess', 'pk_guess', 'pk_guess', 'sk_1', 'sk_1']);
    t += KEY_TTL_MS;
    await cached.findProject('pk_1');
    expect(asked.filter((k) => k === 'pk_1')).toHaveLength(2);
  });

  it('hears at once that this collector turned identity verification on', async () => {
    const { store } = counting();
    const cached = withKeyCache(store, () => 0);
    expect((await cached.findProject('pk_1'))?.userHashSecret).toBeNull();
    await cached.setUserHashSecret('p1', 'uh_secret');
    expect((await cached.findProject('pk_1'))?.userHashSecret).toBe('uh_secret');
  });
});
