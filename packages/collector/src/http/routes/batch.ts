import type { FastifyRequest } from 'fastify';
import { admitEvents, mayHoldOversize, packAdmitted, withRefusals } from '../../domain/admission.js';
import { traitsSetOnce } from '../../domain/account-traits.js';
import type { Store } from '../../domain/storage.js';
import type { TokenVerifier } from '../identity-tokens.js';
import { bodyBytes } from '../compressed-body.js';
import { httpError } from '../errors.js';
import { POISON, isPlain, isSuspect, poisonous } from '../json-body.js';
import { BatchAnswer, BatchBody, ErrorAnswer, SingleBody } from '../schemas.js';
import type { TypedApp } from '../typed.js';

/**
 * The most one report of `dropped` counts: an SDK's queue holds 1000 events and drops the
 * oldest past that (packages/sdk/src/delivery), reporting them with its next batch.
 */
export const MAX_DROPPED_REPORT = 1000;
const poisoned = (ev: unknown) => (poisonous(ev) ? `this event ${POISON}` : undefined);

const SINGLE = ['identify', 'track', 'group', 'page', 'screen', 'alias'] as const;

export function batchRoutes(app: TypedApp, store: Store, tokens: TokenVerifier, now: () => number): void {
  /** Admits, stores and answers the events of one request: a batch, or one event as a batch of one. */
  async function ingest(req: FastifyRequest, events: readonly unknown[], dropped = 0) {
    const who = req.caller;
    const measure = mayHoldOversize(events, bodyBytes(req));
    const gate = await tokens.gate(who, events);
    // An event may be dated a day past the collector's clock: the machine's, or the one the
    // app was given (a test's, a replay of days gone by), whichever is later.
    let { valid, rejected, ignored, oversize } = admitEvents(events, who, {
      plain: isPlain(req.body),
      measure,
      screen: isSuspect(req.body) ? poisoned : undefined,
      now: Math.max(Date.now(), now()),
      tokens: gate,
    });
    if (oversize !== undefined)
      throw httpError(413, `event ${oversize} is over 32 kB; nothing of this batch was stored. Send smaller properties`);
    // Under enforce, account traits come from tokens the vendor signed, as from its backend.
    if (who.kind === 'publishable' && !gate?.enforce) {
      const refused = await traitsSetOnce((accountId) => store.getAccount(who.projectId, accountId), valid);
      if (refused.size > 0) {
        rejected = withRefusals(rejected, refused);
        valid = valid.filter((v) => !refused.has(v.index));
      }
    }
    const admitted = packAdmitted(valid, rejected);
    // Acknowledged only after the transaction committed.
    // A counter, not a reason to refuse the events beside it: absurd values are capped.
    const counted = gate && gate.counts.valid + gate.counts.invalid + gate.counts.missing > 0 ? gate.counts : undefined;
    const { accepted, duplicates } = await store.ingest(
      who.projectId,
      admitted.events,
      admitted.packed,
      Math.min(dropped, MAX_DROPPED_REPORT),
      counted,
    );
    // `ignored` only when there were some: the answer to a batch of the three kinds stays as it was.
    return ignored > 0
      ? { accepted, duplicates, ignored, rejected: admitted.rejected }
      : { accepted, duplicates, rejected: admitted.rejected };
  }
  const answers = { 200: BatchAnswer, 400: ErrorAnswer, 401: ErrorAnswer, 413: ErrorAnswer, 429: ErrorAnswer };

  app.post(
    '/v1/batch',
    {
      config: { key: 'publishable' },
      schema: { summary: 'Ingest events (Segment-compatible). Publishable or secret key.', body: BatchBody, response: answers },
    },
    async (req) => ingest(req, req.body.batch, req.body.dropped),
  );

  // Segment's single-event endpoints: the same keys, answers and exactly-once rule, one event each.
  for (const type of SINGLE) {
    const ignored = type === 'page' || type === 'screen' || type === 'alias';
    app.post(
      `/v1/${type}`,
      {
        config: { key: 'publishable' },
        schema: {
          summary: `One ${type} event, as Segment's HTTP API takes it${ignored ? ' (accepted and counted as ignored)' : ''}. Publishable or secret key.`,
          body: SingleBody,
          response: answers,
        },
      },
      async (req) => ingest(req, [{ ...req.body, type }]),
    );
  }
}
