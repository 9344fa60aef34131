import { FormatRegistry } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ITEM_COMPLETED, RESERVED_PREFIX } from '@firstwin/sdk/rules';
import type { FastifyInstance } from 'fastify';
import { pack, packBatch, unpackBatch, type PackedBatch } from '../../domain/packed.js';
import type { Caller, Store } from '../../domain/storage.js';
import type { StoredEvent } from '../../domain/event.js';
import { traitsSetOnce } from '../account-traits.js';
import { caller } from '../auth.js';
import { dateTime } from '../../domain/date-time.js';
import { httpError } from '../errors.js';
import { POISON, isPlain, isSuspect, poisonous } from '../json-body.js';
import { mayActFor } from '../identity.js';
import { wellFormedJson } from '../../domain/well-formed.js';
import { BatchAnswer, BatchBody, ErrorAnswer, GroupEvent, IdentifyEvent, TrackEvent, type BatchEvent } from '../schemas.js';

/** 32 kB, of 1000 bytes each, as the SPEC writes it; counted in UTF-8 as sent. */
const MAX_EVENT_BYTES = 32_000;
const MAX_DROPPED_REPORT = 1_000_000;
/** In unicode mode, a class of surrogates matches only those not in a pair. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
/** The SDK's own diagnostics; any other `firstwin:` name is refused. */
const RESERVED_ALLOWED = new Set([ITEM_COMPLETED, 'firstwin:guide_target_missing', 'firstwin:queue_dropped']);

if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (v) => !Number.isNaN(dateTime(v)));
// One checker per type, so an error names the field of that type's schema, not the union.
const checks = {
  identify: TypeCompiler.Compile(IdentifyEvent),
  group: TypeCompiler.Compile(GroupEvent),
  track: TypeCompiler.Compile(TrackEvent),
};

/**
 * The fields the database keeps as keys (a role is one: people are counted by it). Each
 * must come back as it went in, and SQLite cannot keep half a character: it would turn a
 * lone surrogate into U+FFFD, merging different ids (and a messageId seen but stored
 * under another would be lost). PostgreSQL cannot keep U+0000 in text at all.
 */
const keysOf = (ev: BatchEvent): Array<[field: string, value: string | undefined]> => {
  const person: Array<[string, string | undefined]> = [['messageId', ev.messageId], ['userId', ev.userId]];
  if (ev.type === 'identify') return [...person, ['traits.role', ev.traits.role], ['traits.accountId', ev.traits.accountId]];
  if (ev.type === 'group') return [...person, ['groupId', ev.groupId]];
  return [...person, ['accountId', ev.accountId], ['event', ev.event]];
};

/**
 * Why one event is unacceptable, in words a developer can act on; undefined when it is fine.
 * `plain`: its body escaped nothing as `\u`, so no key can hold a lone surrogate or U+0000.
 */
function problem(ev: unknown, plain: boolean): string | undefined {
  if (typeof ev !== 'object' || ev === null || Array.isArray(ev)) return 'an event must be a JSON object';
  const type = (ev as { type?: unknown }).type;
  if (type !== 'identify' && type !== 'group' && type !== 'track') return 'type must be "identify", "group" or "track"';
  const check = checks[type];
  if (!check.Check(ev)) {
    const first = check.Errors(ev).First();
    return `${first?.path.slice(1).replace(/\//g, '.') || 'event'}: ${first?.message ?? 'invalid'}`;
  }
  for (const [field, v] of plain ? [] : keysOf(ev as BatchEvent)) {
    if (v === undefined) continue;
    if (LONE_SURROGATE.test(v)) return `${field}: must be well-formed Unicode (it holds a lone surrogate)`;
    if (v.includes('\0')) return `${field}: must not hold U+0000 (NUL)`;
  }
  const name = (ev as { event?: string }).event;
  if (name?.startsWith(RESERVED_PREFIX) && !RESERVED_ALLOWED.has(name)) return `event names starting with "${RESERVED_PREFIX}" are reserved`;
  return unrepresentable(ev as BatchEvent);
}

/**
 * A number JSON cannot carry (`1e999` reads as Infinity) in the properties or traits the
 * rules and the account read: stored, it would be written back as null, and the event
 * would count one way as it arrives and another when replayed. Deeper ones turn null unread.
 */
function unrepresentable(ev: BatchEvent): string | undefined {
  const [field, data] = ev.type === 'track' ? ['properties', ev.properties] : ['traits', ev.traits];
  for (const key in data) {
    const v = (data as Record<string, unknown>)[key];
    if (typeof v === 'number' && !Number.isFinite(v)) return `${field}.${key}: a number too large for JSON (it reads as ${v})`;
  }
  return undefined;
}

/** The JSON text, or undefined for values too deeply nested to serialize at all. */
function serialize(value: unknown): string | undefined {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return undefined;
  }
}
const NESTED = 'the event is nested too deeply to store';
/** The events packed, or undefined when some are nested too deeply to serialize. */
function packable(events: StoredEvent[]): PackedBatch | undefined {
  try {
    return packBatch(events);
  } catch {
    return undefined;
  }
}

function unverified(who: Caller, ev: BatchEvent): string | undefined {
  if (ev.userId === undefined) {
    // Only a group may name no person: the account alone, set up by the vendor's backend.
    return who.kind === 'secret' ? undefined : 'userId: required with a publishable key; a group for the account alone, with no person, needs the secret key';
  }
  if (mayActFor(who, ev.userId, (ev as { userHash?: unknown }).userHash)) return undefined;
  return 'userHash is missing or does not match userId: this project verifies identities (see identify(userId, { userHash }))';
}

/**
 * The userHash is a credential, not data: it is checked, never stored. Object literals
 * of one shape, not spreads of a shared base: a spread costs ten times more per event.
 */
function toStored(ev: BatchEvent): StoredEvent {
  const timestamp = dateTime(ev.timestamp);
  if (ev.type === 'identify') {
    return { messageId: ev.messageId, type: 'identify', userId: ev.userId, accountId: ev.traits.accountId, traits: ev.traits, timestamp };
  }
  if (ev.type === 'group') {
    // '' is nobody: a group for the account alone.
    return { messageId: ev.messageId, type: 'group', userId: ev.userId ?? '', accountId: ev.groupId, traits: ev.traits ?? {}, timestamp };
  }
  return { messageId: ev.messageId, type: 'track', userId: ev.userId, accountId: ev.accountId, event: ev.event, properties: ev.properties ?? {}, timestamp };
}

export function batchRoutes(app: FastifyInstance, store: Store): void {
  app.post('/v1/batch', {
    config: { key: 'publishable' },
    schema: {
      summary: 'Ingest events (Segment-compatible). Publishable or secret key.',
      body: BatchBody,
      response: { 200: BatchAnswer, 400: ErrorAnswer, 401: ErrorAnswer, 413: ErrorAnswer, 429: ErrorAnswer },
    },
  }, async (req) => {
    const who = await caller(req, store, 'publishable');
    const body = req.body as { batch: unknown[]; dropped?: number };
    const rejected: Array<{ index: number; error: string }> = [];
    let valid: Array<{ index: number; event: StoredEvent }> = [];
    // No event is larger than the body it came in: only a larger body needs its events measured as sent.
    const measure = Number(req.headers['content-length'] ?? Infinity) > MAX_EVENT_BYTES;
    const suspect = isSuspect(body);
    const plain = isPlain(body);
    body.batch.forEach((ev, index) => {
      if (suspect && poisonous(ev)) return void rejected.push({ index, error: `this event ${POISON}` });
      if (measure) {
        const sent = serialize(ev);
        if (sent === undefined) return void rejected.push({ index, error: NESTED });
        if (Buffer.byteLength(sent) > MAX_EVENT_BYTES) {
          throw httpError(413, `event ${index} is over 32 kB; nothing of this batch was stored. Send smaller properties`);
        }
      }
      const why = problem(ev, plain) ?? unverified(who, ev as BatchEvent);
      if (why) rejected.push({ index, error: why });
      else valid.push({ index, event: toStored(ev as BatchEvent) });
    });
    if (who.kind === 'publishable') {
      const refused = await traitsSetOnce(store, who.projectId, valid, Date.now());
      if (refused.size > 0) {
        for (const [index, error] of refused) rejected.push({ index, error });
        rejected.sort((a, b) => a.index - b.index);
        valid = valid.filter((v) => !refused.has(v.index));
      }
    }
    // Serialized once, here, for the store to keep as it is; only when that fails are
    // the events serialized one by one, to find those nested too deeply (as deep as in
    // the packed batch: an event just within the limit alone may be past it there).
    let events = valid.map((v) => v.event);
    let packed = packable(events);
    if (packed === undefined) {
      events = [];
      for (const v of valid) {
        if (serialize([pack(v.event)]) === undefined) rejected.push({ index: v.index, error: NESTED });
        else events.push(v.event);
      }
      rejected.sort((a, b) => a.index - b.index);
      packed = packBatch(events);
    }
    // Half a character (a title cut in the middle of an emoji) or U+0000 in properties or
    // traits is kept as U+FFFD. Ids cannot hold either: `problem` refused those.
    const wellFormed = wellFormedJson(packed.body);
    if (wellFormed !== packed.body) {
      packed = { ...packed, body: wellFormed };
      events = unpackBatch(packed);
    }
    // Acknowledged only after the transaction committed.
    // A counter, not a reason to refuse the events beside it: absurd values are capped.
    const { accepted, duplicates } = await store.ingest(who.projectId, events, packed, Math.min(body.dropped ?? 0, MAX_DROPPED_REPORT));
    return { accepted, duplicates, rejected };
  });
}
