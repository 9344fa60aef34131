import { Type, type Static } from '@sinclair/typebox';

/** The three kinds of event a batch may hold, as JSON Schema: checked one by one at admission (`admission.ts`). */
const Id = (description: string) => Type.String({ minLength: 1, maxLength: 200, description });
const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601; when it happened on the client' });
// An open object rather than a record of string keys: JSON keys are strings anyway, and the
// record's per-key pattern test cost more than the rest of an event's check together.
const Props = Type.Object({}, { additionalProperties: true });

const common = {
  messageId: Id('Unique per event; a messageId is counted once per project, however often it is re-sent'),
  timestamp: Timestamp,
  userId: Id('The person'),
  context: Type.Optional(Props),
  anonymousId: Type.Optional(Type.String({ maxLength: 200 })),
};

export const IdentifyEvent = Type.Object(
  {
    type: Type.Literal('identify'),
    ...common,
    traits: Type.Object(
      { role: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), accountId: Type.Optional(Id('Account')) },
      { additionalProperties: true },
    ),
  },
  { additionalProperties: true },
);

export const GroupEvent = Type.Object(
  {
    type: Type.Literal('group'),
    ...common,
    userId: Type.Optional(
      Id('The person; left out, with the secret key, for the account alone (seats provisioned before anyone signs in)'),
    ),
    groupId: Id('The account'),
    traits: Type.Optional(
      Type.Object(
        {
          seats: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000, description: 'Provisioned seats' })),
          signedAt: Type.Optional(Type.String({ format: 'date-time', description: 'Contract signature date' })),
          name: Type.Optional(Type.String({ maxLength: 500 })),
        },
        { additionalProperties: true },
      ),
    ),
  },
  { additionalProperties: true },
);

export const TrackEvent = Type.Object(
  {
    type: Type.Literal('track'),
    ...common,
    accountId: Type.Optional(Id('The account; defaults to the one the person was identified with')),
    event: Type.String({ minLength: 1, maxLength: 200 }),
    properties: Type.Optional(Props),
  },
  { additionalProperties: true },
);

export const BatchEvent = Type.Union([IdentifyEvent, GroupEvent, TrackEvent]);
export type BatchEvent = Static<typeof BatchEvent>;
