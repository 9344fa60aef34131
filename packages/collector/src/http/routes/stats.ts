import { Type } from '@sinclair/typebox';
import type { Store } from '../../domain/storage.js';
import { ErrorAnswer } from '../schemas.js';
import type { TypedApp } from '../typed.js';

/** What an operator checks first: how much arrived, and whether SDK queues lost anything. */
export function statsRoutes(app: TypedApp, store: Store): void {
  app.get(
    '/v1/stats',
    {
      config: { key: 'secret' },
      schema: {
        summary: 'Counts of stored events (optionally of one event name), users and accounts, and events SDK queues dropped. Secret key.',
        querystring: Type.Object({ event: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
        response: {
          200: Type.Object({ events: Type.Integer(), users: Type.Integer(), accounts: Type.Integer(), droppedBySdk: Type.Integer() }),
          401: ErrorAnswer,
        },
      },
    },
    async (req) => store.stats(req.caller.projectId, req.query.event),
  );
}
