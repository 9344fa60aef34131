import { describe, expect, it } from 'vitest';
import { createTracker } from './track.js';

describe('createTracker', () => {
  it('sends identify, group and track with ids and the person, and ignores what it cannot send', async () => {
    const bodies: Array<{ batch: Array<Record<string, unknown>> }> = [];
    const fetch = (async (_u: string, init: RequestInit) => {
      bodies.push(JSON.parse(String(init.body)));
      return new Response('{"accepted":1,"duplicates":0,"rejected":[]}');
    }) as unknown as typeof globalThis.fetch;
    // The tracker builds its own delivery; point it at a fake collector through the global fetch.
    const original = globalThis.fetch;
    globalThis.fetch = fetch;
    try {
      const t = createTracker({ key: 'pk_x', endpoint: 'http://127.0.0.1:9' });
      t.track('before_identify');
      t.identify('u1', { role: 'end_user', accountId: 'acme', userHash: 'c0ffee' });
      t.group('acme', { seats: 3 });
      t.track('interaction_logged', { n: 1 });
      t.track('firstwin:item_completed');
      await t.flush();
      const sent = bodies.flatMap((b) => b.batch);
      expect(sent.map((m) => m.event ?? m.type)).toEqual(['identify', 'group', 'interaction_logged']);
      expect(sent[2]).toMatchObject({ userId: 'u1', accountId: 'acme', properties: { n: 1 } });
      // The proof of identity travels with each message, not among the person's traits.
      expect(sent.map((m) => m.userHash)).toEqual(['c0ffee', 'c0ffee', 'c0ffee']);
      expect(sent[0]!.traits).toEqual({ role: 'end_user', accountId: 'acme' });
      expect(new Set(sent.map((m) => m.messageId)).size).toBe(3);
      expect(sent.some((m) => 'token' in m)).toBe(false); // no token given: no field
      t.reset();
      t.track('after_reset');
      await t.flush();
      expect(bodies.flatMap((b) => b.batch)).toHaveLength(3);
      // A signed identity token goes with every message of its person, never as a trait.
      t.identify('u2', { role: 'end_user', token: 'eyJ.sig' });
      t.track('interaction_logged');
      await t.flush();
      const signed = bodies.flatMap((b) => b.batch).slice(3);
      expect(signed.map((m) => [m.type, m.token, 'userHash' in m])).toEqual([
        ['identify', 'eyJ.sig', false],
        ['track', 'eyJ.sig', false],
      ]);
      expect(signed[0]!.traits).toEqual({ role: 'end_user' });
    } finally {
      globalThis.fetch = original;
    }
  });
});
