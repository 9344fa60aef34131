import { Type } from '@sinclair/typebox';

export const BatchBody = Type.Object(
  {
    writeKey: Type.Optional(Type.String({ maxLength: 200 })),
    sentAt: Type.Optional(Type.String()),
    // Events are validated one by one in the handler, so a bad one cannot sink the rest.
    batch: Type.Array(Type.Unknown(), { maxItems: 2000 }),
    dropped: Type.Optional(Type.Integer({ minimum: 0, description: 'Events the SDK dropped from a full queue since its last batch' })),
  },
  { additionalProperties: true },
);

/** One event with the key beside it, as Segment's single-event endpoints take it; the route names its type. */
export const SingleBody = Type.Object({ writeKey: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: true });

export const BatchAnswer = Type.Object({
  accepted: Type.Integer(),
  duplicates: Type.Integer(),
  ignored: Type.Optional(Type.Integer({ description: 'page, screen and alias events: accepted, not stored' })),
  rejected: Type.Array(Type.Object({ index: Type.Integer(), error: Type.String() })),
});

export const ErrorAnswer = Type.Object({
  error: Type.String(),
  errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
});

const RoleNumbers = Type.Object({ users: Type.Integer(), activated: Type.Integer(), rate: Type.Number() });

export const Activation = Type.Object({
  accountId: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  seats: Type.Integer(),
  seatsKnown: Type.Boolean(),
  activatedSeats: Type.Integer(),
  seatActivationRate: Type.Number(),
  byRole: Type.Record(Type.String(), RoleNumbers),
  signedAt: Type.Union([Type.String(), Type.Null()]),
  firstValueAt: Type.Union([Type.String(), Type.Null()]),
  timeToFirstValueDays: Type.Union([Type.Number(), Type.Null()]),
  items: Type.Array(Type.Object({ checklistId: Type.String(), itemId: Type.String(), completedUsers: Type.Integer() })),
  lastActivityAt: Type.Union([Type.String(), Type.Null()], {
    description: "The latest of its people's lastSeenAt while they were in it, to the minute; null before",
  }),
  status: Type.Union(['activated', 'on_track', 'at_risk', 'no_data'].map((s) => Type.Literal(s))),
  health: Type.Object(
    {
      score: Type.Integer({ minimum: 0, maximum: 100, description: 'round(100 × (0.5 seatPace + 0.3 milestones + 0.2 sponsor))' }),
      seatPace: Type.Number({
        minimum: 0,
        maximum: 1,
        description: 'min(1, seatActivationRate / pace), the pace of day 7 in the first week',
      }),
      milestones: Type.Number({ minimum: 0, maximum: 1, description: 'Items done / items assigned, over everyone with a checklist' }),
      sponsor: Type.Number({ minimum: 0, maximum: 1, description: '1: a sponsor activated; 0.5: one known, none activated; 0: none' }),
    },
    { description: 'The early health signal: usage, milestones and the sponsor' },
  ),
  checkpoints: Type.Object(
    {
      d30: Type.Union([Type.Number(), Type.Null()]),
      d60: Type.Union([Type.Number(), Type.Null()]),
      d90: Type.Union([Type.Number(), Type.Null()]),
    },
    {
      description:
        'The seat activation rate counting people activated by day 30, 60, 90 after signedAt (or the first event); ' +
        'null before that day',
    },
  ),
});

export const AccountParams = Type.Object({ accountId: Type.String({ minLength: 1, maxLength: 200 }) });

export const Timeline = Type.Object({
  accountId: Type.String(),
  signedAt: Type.Union([Type.String(), Type.Null()]),
  seats: Type.Integer(),
  days: Type.Array(
    Type.Object({
      day: Type.Integer({ minimum: 0, description: 'Days since signedAt (or the first event); 0 is the day it falls on' }),
      date: Type.String({ description: 'The UTC date the day starts on, YYYY-MM-DD' }),
      activatedSeats: Type.Integer({ description: 'People activated by the end of the day (by now, today)' }),
      rate: Type.Number({ description: 'activatedSeats / seats' }),
      pace: Type.Number({ description: "The rate the linear pace toward the project's target asks for that day" }),
    }),
    { maxItems: 365, description: 'One entry per day from day 0 to today, at most 365' },
  ),
});

export const Within = Type.Object({
  within: Type.Optional(
    Type.String({ pattern: '^[0-9]{1,5}d$', description: 'Count only activations within N days of signedAt, e.g. 60d' }),
  ),
});

/** A string of a few values, as an `enum`: a wrong one is then answered with the values allowed (errors.ts). */
const OneOf = <const T extends string>(values: T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: values, ...(description && { description }) });

export const AccountList = Type.Object({
  status: Type.Optional(OneOf(['activated', 'on_track', 'at_risk', 'no_data'])),
  format: Type.Optional(OneOf(['json', 'csv'])),
  sort: Type.Optional(OneOf(['health'], 'health: ascending health score, worst first (ties keep the list order)')),
  within: Within.properties.within,
});

export const ItemDone = Type.Object({ id: Type.String(), done: Type.Boolean(), completedAt: Type.Union([Type.String(), Type.Null()]) });

export const UserProgress = Type.Object({
  userId: Type.String(),
  role: Type.Union([Type.String(), Type.Null()]),
  accountId: Type.Union([Type.String(), Type.Null()]),
  checklistId: Type.Union([Type.String(), Type.Null()]),
  items: Type.Array(ItemDone),
  activated: Type.Boolean(),
  activatedAt: Type.Union([Type.String(), Type.Null()]),
});

export const AccountUsers = Type.Array(
  Type.Object({
    userId: Type.String(),
    role: Type.Union([Type.String(), Type.Null()]),
    itemsDone: Type.Array(Type.String()),
    items: Type.Array(ItemDone),
    activated: Type.Boolean(),
    activatedAt: Type.Union([Type.String(), Type.Null()]),
    lastSeenAt: Type.Union([Type.String(), Type.Null()], {
      description:
        'The latest timestamp of the events accepted from this person, each capped at when the collector received it, to the minute; null before',
    }),
  }),
);
