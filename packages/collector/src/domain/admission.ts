import { FormatRegistry } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ITEM_COMPLETED, RESERVED_PREFIX } from '@firstwin/sdk/rules';
import { dateTime, timestampProblem } from './date-time.js';
import type { StoredEvent } from './event.js';
import { GroupEvent, IdentifyEvent, TrackEvent, type BatchEvent } from './event-schemas.js';
import { mayActFor } from './identity.js';
import { signIdentity, type TokenCheck, type TokenCounts } from './identity-token.js';
import { packBatch, unpackBatch, type PackedBatch } from './packed.js';
import type { Caller } from './storage.js';
import { wellFormedJson } from './well-formed.js';

/**
 * Admission of a batch: which of its events are stored, and why each other one is refused,
 * in words a developer can act on. A bad event never sinks its neighbours.
 */

/** 32 kB, of 1000 bytes each, as the SPEC writes it; counted in UTF-8 as sent. */
export const MAX_EVENT_BYTES = 32_000;
/** In unicode mode, a class of surrogates matches only those not in a pair. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
/** Segment calls the collector has no use for: accepted and counted, never stored. */
const IGNORED = new Set(['page', 'screen', 'alias']);
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
  const person: Array<[string, string | undefined]> = [
    ['messageId', ev.messageId],
    ['userId', ev.userId],
  ];
  if (ev.type === 'identify') return [...person, ['traits.role', ev.traits.role], ['traits.accountId', ev.traits.accountId]];
  if (ev.type === 'group') return [...person, ['groupId', ev.groupId]];
  return [...person, ['accountId', ev.accountId], ['event', ev.event]];
};

/**
 * Why one event is unacceptable, in words a developer can act on; undefined when it is fine.
 * `plain`: its body escaped nothing as `\u`, so no key can hold a lone surrogate or U+0000.
 */
function problem(ev: unknown, plain: boolean, now: number): string | undefined {
  if (typeof ev !== 'object' || ev === null || Array.isArray(ev)) return 'an event must be a JSON object';
  const type = (ev as { type?: unknown }).type;
  if (type !== 'identify' && type !== 'group' && type !== 'track') return 'type must be "identify", "group" or "track"';
  const when = whenProblem(ev as Record<string, unknown>, type, now);
  if (when) return when;
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
  // Only a track's name is read: another type may carry an `event` of any kind (`true` made a 500).
  const name = type === 'track' ? (ev as { event: string }).event : '';
  if (name.startsWith(RESERVED_PREFIX) && !RESERVED_ALLOWED.has(name)) return `event names starting with "${RESERVED_PREFIX}" are reserved`;
  return unrepresentable(ev as BatchEvent);
}

/** The event's timestamp, and a group's contract date, against the rules of `timestampProblem`. */
function whenProblem(ev: Record<string, unknown>, type: string, now: number): string | undefined {
  if (typeof ev.timestamp === 'string') {
    const why = timestampProblem(ev.timestamp, now);
    if (why) return `timestamp: ${why}`;
  }
  const signedAt =
    type === 'group' && typeof ev.traits === 'object' && ev.traits !== null ? (ev.traits as { signedAt?: unknown }).signedAt : undefined;
  if (typeof signedAt === 'string') {
    const why = timestampProblem(signedAt, now);
    if (why) return `traits.signedAt: ${why}`;
  }
  return undefined;
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

/**
 * At least as many UTF-8 bytes as JSON.stringify makes of `value` (a character takes at most
 * 6, as `\u00XX`), or Infinity past `depth` levels: found without serializing. An event
 * carrying a signed identity token makes batches larger than one event may be, and
 * serializing each event to measure it cost more than the rest of admitting it.
 */
function sizeBound(value: unknown, depth = 0): number {
  if (typeof value === 'string') return 2 + 6 * value.length;
  if (typeof value !== 'object' || value === null) return 24;
  if (depth > 64) return Infinity;
  let n = 2;
  if (Array.isArray(value)) for (const v of value) n += 1 + sizeBound(v, depth + 1);
  else for (const key in value) n += 4 + 6 * key.length + sizeBound((value as Record<string, unknown>)[key], depth + 1);
  return n;
}

/** Fields whose characters every event carrying them sends at least once. */
const COUNTED = ['messageId', 'userId', 'event', 'token'] as const;

/** Fewer UTF-8 bytes than the event takes as sent: its braces and its COUNTED strings, quoted, with their keys. */
function leastBytes(ev: unknown): number {
  if (typeof ev !== 'object' || ev === null) return 1;
  let n = 2;
  for (const key of COUNTED) {
    const v = (ev as Record<string, unknown>)[key];
    // A character is at least one byte in UTF-8; `"key":"v"` adds four quotes and a colon.
    if (typeof v === 'string') n += key.length + v.length + 5;
  }
  return n;
}

/**
 * Whether some event of a body of `bytes` may be over MAX_EVENT_BYTES as sent, so that the
 * events must be measured: none is larger than the body less what the others surely take.
 * A browser's batch with a signed identity token on each event is over 32 kB at 100
 * events, and measuring them all cost more than checking the tokens.
 */
export function mayHoldOversize(batch: readonly unknown[], bytes: number): boolean {
  if (bytes <= MAX_EVENT_BYTES) return false;
  let sum = 0;
  let most = 0;
  for (const ev of batch) {
    const least = leastBytes(ev);
    sum += least;
    if (least > most) most = least;
  }
  return bytes - sum + most > MAX_EVENT_BYTES;
}

/**
 * Under `report` or `enforce`, the signed identity tokens of a publishable key's events:
 * the check of each event's token, by the event's place in the batch (`checks`; nothing
 * where its token is not a string), and how many events came with a valid, an invalid and
 * no token (`counts`).
 */
export interface TokenGate {
  enforce: boolean;
  checks: ReadonlyArray<TokenCheck | undefined>;
  counts: TokenCounts;
}

const NO_TOKEN =
  'token: missing; this project enforces signed identity tokens: your server signs one per person, and the page passes it as identify(userId, { token })';

/** Counts the event's token, and under `enforce` puts the token's identity on it; why it is refused otherwise. */
function signed(gate: TokenGate, ev: BatchEvent, index: number): string | undefined {
  const token: unknown = (ev as { token?: unknown }).token;
  const check = gate.checks[index];
  if (token === undefined) gate.counts.missing++;
  else if (check?.claims?.sub === ev.userId) gate.counts.valid++;
  else gate.counts.invalid++;
  if (!gate.enforce) return undefined;
  if (token === undefined) return NO_TOKEN;
  if (!check) return 'token: must be the JWT string your server signed';
  return check.error ?? signIdentity(ev, check.claims);
}

function unverified(who: Caller, ev: BatchEvent, index: number, gate: TokenGate | undefined): string | undefined {
  if (ev.userId === undefined) {
    // Only a group may name no person: the account alone, set up by the vendor's backend.
    return who.kind === 'secret'
      ? undefined
      : 'userId: required with a publishable key; a group for the account alone, with no person, needs the secret key';
  }
  if (!mayActFor(who, ev.userId, (ev as { userHash?: unknown }).userHash)) {
    return 'userHash is missing or does not match userId: this project verifies identities (see identify(userId, { userHash }))';
  }
  return gate && signed(gate, ev, index);
}

/**
 * Events as Segment's and RudderStack's clients send them: RudderStack leaves `timestamp`
 * to the server and sends when it happened as `originalTimestamp`; Segment's B2B
 * convention puts a track's account in `context.groupId`.
 */
function conventional(ev: unknown): void {
  if (typeof ev !== 'object' || ev === null) return;
  const e = ev as Record<string, unknown>;
  if (e.timestamp === undefined && typeof e.originalTimestamp === 'string') e.timestamp = e.originalTimestamp;
  const context = e.context;
  if (e.type === 'track' && e.accountId === undefined && typeof context === 'object' && context !== null) {
    const groupId = (context as { groupId?: unknown }).groupId;
    if (groupId !== undefined) e.accountId = groupId;
  }
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
  return {
    messageId: ev.messageId,
    type: 'track',
    userId: ev.userId,
    accountId: ev.accountId,
    event: ev.event,
    properties: ev.properties ?? {},
    timestamp,
  };
}

export type Rejection = { index: number; error: string };
export type Admitted = { index: number; event: StoredEvent };

/**
 * A batch's events checked one by one: each is refused (`rejected`), made a stored event
 * (`valid`), or, for `page`, `screen` and `alias`, counted as `ignored`. `now`: the collector's clock,
 * which no timestamp may run a day ahead of. `tokens`: the identity tokens, checked. `plain`: the body escaped nothing as `\u`. `screen`: the caller's own first check of
 * an event, a refusal or undefined. `measure`: some event may be over MAX_EVENT_BYTES as sent;
 * then `oversize` is the first such, and the batch is to be refused whole.
 */
export function admitEvents(
  batch: readonly unknown[],
  who: Caller,
  {
    plain,
    measure,
    screen,
    now,
    tokens,
  }: {
    plain: boolean;
    measure: boolean;
    screen?: ((ev: unknown) => string | undefined) | undefined;
    now: number;
    tokens?: TokenGate | undefined;
  },
): { valid: Admitted[]; rejected: Rejection[]; ignored: number; oversize?: number } {
  const rejected: Rejection[] = [];
  const valid: Admitted[] = [];
  let ignored = 0;
  for (let index = 0; index < batch.length; index++) {
    const ev = batch[index];
    const screened = screen?.(ev);
    if (screened) {
      rejected.push({ index, error: screened });
      continue;
    }
    if (measure && sizeBound(ev) > MAX_EVENT_BYTES && Buffer.byteLength(JSON.stringify(ev)) > MAX_EVENT_BYTES) {
      return { valid, rejected, ignored, oversize: index };
    }
    if (IGNORED.has((ev as { type?: unknown } | null)?.type as string)) {
      ignored++;
      continue;
    }
    conventional(ev);
    const why = problem(ev, plain, now) ?? unverified(who, ev as BatchEvent, index, tokens);
    if (why) rejected.push({ index, error: why });
    else valid.push({ index, event: toStored(ev as BatchEvent) });
  }
  return { valid, rejected, ignored };
}

/** `rejected` with more refusals, in the order of the batch. */
export const withRefusals = (rejected: Rejection[], more: Iterable<[index: number, error: string]>): Rejection[] =>
  [...rejected, ...[...more].map(([index, error]) => ({ index, error }))].sort((a, b) => a.index - b.index);

/**
 * The admitted events packed: serialized once, here, for the store to keep as it is. They
 * came in a body no deeper than `http/depth.ts` allows, which JSON serializes whatever it holds.
 */
export function packAdmitted(
  valid: readonly Admitted[],
  rejected: Rejection[],
): { events: StoredEvent[]; packed: PackedBatch; rejected: Rejection[] } {
  let events = valid.map((v) => v.event);
  let packed = packBatch(events);
  // Half a character (a title cut in the middle of an emoji) or U+0000 in properties or
  // traits is kept as U+FFFD. Ids cannot hold either: `problem` refused those.
  const wellFormed = wellFormedJson(packed.body);
  if (wellFormed !== packed.body) {
    packed = { ...packed, body: wellFormed };
    events = unpackBatch(packed);
  }
  return { events, packed, rejected };
}
