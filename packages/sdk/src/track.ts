import { createDelivery, type DeliveryError, type Message } from './delivery/index.js';
import { uuidv7 } from './delivery/uuid.js';
import type { GroupTraits, IdentifyTraits } from './core/types.js';

export interface Tracker {
  identify(userId: string, traits: IdentifyTraits): void;
  group(accountId: string, traits?: GroupTraits): void;
  track(event: string, properties?: Record<string, unknown>): void;
  /** Resolves when everything queued so far is acknowledged by the collector. */
  flush(): Promise<void>;
  reset(): void;
}

/**
 * Tracking alone, for pages that show no checklist: the same durable, exactly-once
 * delivery as the full SDK, without the UI or the rules (the collector completes
 * items from these events all the same).
 */
export function createTracker(options: { key: string; endpoint: string; onError?: (e: DeliveryError) => void }): Tracker {
  const delivery = createDelivery(options);
  let user: { userId: string; accountId?: string | undefined; proof: Partial<Message> } | undefined;
  const send = (msg: Omit<Message, 'messageId' | 'timestamp'>) => {
    try {
      void delivery
        .enqueue({ ...msg, ...user?.proof, messageId: uuidv7(), timestamp: new Date().toISOString() } as Message)
        .catch(() => {});
    } catch {
      /* never break the host page */
    }
  };
  return {
    identify(userId, traits) {
      if (typeof userId !== 'string' || !userId) return;
      const { userHash, token, ...rest } = traits ?? {};
      // The person's proofs, each only when given: a collector that verifies nothing may refuse unknown fields.
      const proof: Partial<Message> = {};
      if (typeof userHash === 'string' && userHash) proof.userHash = userHash;
      if (typeof token === 'string' && token) proof.token = token;
      user = { userId, accountId: traits?.accountId, proof };
      send({ type: 'identify', userId, traits: rest });
    },
    group(accountId, traits = {}) {
      if (!user || typeof accountId !== 'string' || !accountId) return;
      user.accountId ??= accountId;
      send({ type: 'group', userId: user.userId, groupId: accountId, traits: { ...traits } });
    },
    track(event, properties = {}) {
      if (!user || typeof event !== 'string' || !event || event.startsWith('firstwin:')) return;
      send({ type: 'track', userId: user.userId, accountId: user.accountId, event, properties: { ...properties } });
    },
    flush: () => delivery.flush(),
    reset() {
      user = undefined;
    },
  };
}
