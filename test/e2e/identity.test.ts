import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, startStack, type Stack } from '../harness.js';

let stack: Stack;
let secret: string;
beforeAll(async () => {
  // The earlier userHash alone: tokens are not asked for.
  stack = await startStack({ identity: 'off' });
  const res = await stack.api('/v1/identity-verification', { method: 'PUT', body: JSON.stringify({ enabled: true }) });
  secret = res.body.userHashSecret;
});
afterAll(async () => stack?.close());

const hashOf = (userId: string) => createHmac('sha256', secret).update(userId).digest('hex');

/** Signs a person in on a fresh device (browser context) and tracks one event; answers what the SDK reported. */
async function visit(userId: string, userHash: string, track: boolean) {
  const context = await stack.browser.newContext();
  const { page, problems } = await openPage(context, stack.appUrl);
  const result = await page.evaluate(
    async ({ userId, userHash, track }) => {
      const fw = (window as unknown as { Firstwin: Record<string, (...a: unknown[]) => unknown> }).Firstwin;
      const errors: string[] = [];
      fw.on!('error', (e: unknown) => errors.push((e as { kind: string }).kind));
      await fw.identify!(userId, { role: 'end_user', accountId: 'acme', userHash });
      if (track) fw.track!('interaction_logged');
      await fw.flush!();
      const progress = fw.progress!() as { items: Array<{ id: string; done: boolean }> };
      return { errors, done: progress.items.filter((i) => i.done).map((i) => i.id) };
    },
    { userId, userHash, track },
  );
  await context.close();
  return { ...result, problems };
}

describe('identity verification in real Chromium', () => {
  it("takes a person's events and shows their progress on another device only with their userHash", async () => {
    const first = await visit('vera', hashOf('vera'), true);
    expect(first).toEqual({ errors: [], done: ['log-interaction'], problems: [] });

    // A forged proof: the browser is told, and the collector keeps nothing of it.
    const forged = await visit('mallory', hashOf('vera'), true);
    expect(forged.errors).toContain('rejected');
    const users = await stack.api('/v1/accounts/acme/users');
    expect(users.body.map((u: { userId: string }) => u.userId)).toEqual(['vera']);

    // A second device of Vera reads her progress from the collector, proof in a header
    // the collector's CORS allows; without it the same read is refused.
    const second = await visit('vera', hashOf('vera'), false);
    expect(second).toEqual({ errors: [], done: ['log-interaction'], problems: [] });
    const bare = await fetch(`${stack.endpoint}/v1/users/vera/progress`, {
      headers: { authorization: `Bearer ${stack.keys.publishableKey}` },
    });
    expect(bare.status).toBe(403);
  });
});
