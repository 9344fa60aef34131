import { Type } from '@sinclair/typebox';

export const BatchBody = Type.Object({
  writeKey: Type.Optional(Type.String({ maxLength: 200 })),
  sentAt: Type.Optional(Type.String()),
  // Events are validated one by one in the handler, so a bad one cannot sink the rest.
  batch: Type.Array(Type.Unknown(), { maxItems: 2000 }),
  dropped: Type.Optional(Type.Integer({ minimum: 0, description: 'Events the SDK dropped from a full queue since its last batch' })),
}, { additionalProperties: true });

/** One event with the key beside it, as Segment's single-event endpoints take it; the route names its type. */
export const SingleBody = Type.Object({ writeKey: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: true });

export const BatchAnswer = Type.Object({
  accepted: Type.Integer(),
  duplicates: Type.Integer(),
  ignored: Type.Optional(Type.Integer({ description: 'page, screen and alias events: accepted, not stored' })),
  rejected: Type.Array(Type.Object({ index: Type.Integer(), error: Type.String() })),
});

export const ErrorAnswer = Type.Object({ error: Type.String(), errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))) });

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
  status: Type.Union(['activated', 'on_track', 'at_risk', 'no_data'].map((s) => Type.Literal(s))),
});

export const Within = Type.Object({
  within: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}d$', description: 'Count only activations within N days of signedAt, e.g. 60d' })),
});

/** A string of a few values, as an `enum`: a wrong one is then answered with the values allowed (errors.ts). */
const OneOf = <const T extends string>(values: T[]) => Type.Unsafe<T>({ type: 'string', enum: values });

export const AccountList = Type.Object({
  status: Type.Optional(OneOf(['activated', 'on_track', 'at_risk', 'no_data'])),
  format: Type.Optional(OneOf(['json', 'csv'])),
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

export const AccountUsers = Type.Array(Type.Object({
  userId: Type.String(),
  role: Type.Union([Type.String(), Type.Null()]),
  itemsDone: Type.Array(Type.String()),
  items: Type.Array(ItemDone),
  activated: Type.Boolean(),
  activatedAt: Type.Union([Type.String(), Type.Null()]),
}));
