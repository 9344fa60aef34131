import { MAX_EVENT_BYTES, admitEvents, packAdmitted, withRefusals } from '../../domain/admission.js';
import { traitsSetOnce } from '../../domain/account-traits.js';
import type { Store } from '../../domain/storage.js';
import { httpError } from '../errors.js';
import { POISON, isPlain, isSuspect, poisonous } from '../json-body.js';
import { BatchAnswer, BatchBody, ErrorAnswer } from '../schemas.js';
import type { TypedApp } from '../typed.js';

const MAX_DROPPED_REPORT = 1_000_000;
const poisoned = (ev: unknown) => (poisonous(ev) ? `this event ${POISON}` : undefined);

export function batchRoutes(app: TypedApp, store: Store): void {
  app.post('/v1/batch', {
    config: { key: 'publishable' },
    schema: {
      summary: 'Ingest events (Segment-compatible). Publishable or secret key.',
      body: BatchBody,
      response: { 200: BatchAnswer, 400: ErrorAnswer, 401: ErrorAnswer, 413: ErrorAnswer, 429: ErrorAnswer },
    },
  }, async (req) => {
    const who = req.caller;
    const body = req.body;
    // No event is larger than the body it came in: only a larger body needs its events measured as sent.
    const measure = Number(req.headers['content-length'] ?? Infinity) > MAX_EVENT_BYTES;
    let { valid, rejected, oversize } = admitEvents(body.batch, who, { plain: isPlain(body), measure, screen: isSuspect(body) ? poisoned : undefined });
    if (oversize !== undefined) throw httpError(413, `event ${oversize} is over 32 kB; nothing of this batch was stored. Send smaller properties`);
    if (who.kind === 'publishable') {
      const refused = await traitsSetOnce((accountId) => store.getAccount(who.projectId, accountId), valid, Date.now());
      if (refused.size > 0) {
        rejected = withRefusals(rejected, refused);
        valid = valid.filter((v) => !refused.has(v.index));
      }
    }
    const admitted = packAdmitted(valid, rejected);
    // Acknowledged only after the transaction committed.
    // A counter, not a reason to refuse the events beside it: absurd values are capped.
    const { accepted, duplicates } = await store.ingest(who.projectId, admitted.events, admitted.packed, Math.min(body.dropped ?? 0, MAX_DROPPED_REPORT));
    return { accepted, duplicates, rejected: admitted.rejected };
  });
}
