import { Type } from '@sinclair/typebox';
import { validateChecklists } from '@firstwin/sdk/rules';
import type { Store } from '../../domain/storage.js';
import { httpError } from '../errors.js';
import { ErrorAnswer } from '../schemas.js';
import type { TypedApp } from '../typed.js';

const Definitions = Type.Array(Type.Unknown(), { description: 'Checklist definitions (see the README for the format)' });

export function checklistRoutes(app: TypedApp, store: Store, onRecompute?: (line: string) => void): void {
  app.get(
    '/v1/checklists',
    {
      config: { key: 'publishable', session: true },
      schema: {
        summary: "The project's checklists, as the SDK renders them. Publishable key.",
        response: { 200: Definitions, 401: ErrorAnswer },
      },
    },
    async (req) => store.getChecklists(req.caller.projectId),
  );

  app.put(
    '/v1/checklists',
    {
      config: { key: 'secret' },
      schema: {
        summary: 'Replace the checklist definitions and recompute all state from the stored events. Secret key.',
        body: Definitions,
        response: { 200: Type.Object({ checklists: Type.Integer() }), 400: ErrorAnswer, 401: ErrorAnswer },
      },
    },
    async (req) => {
      const { projectId } = req.caller;
      const checked = validateChecklists(req.body);
      if (!checked.ok) {
        const first = checked.errors[0]!;
        throw httpError(400, `invalid checklist at ${first.path || 'the top level'}: ${first.message}`, { errors: checked.errors });
      }
      const started = Date.now();
      await store.putChecklists(projectId, checked.value, (replayed, total) =>
        onRecompute?.(`recompute ${projectId}: ${replayed} of ${total} events replayed (${((Date.now() - started) / 1000).toFixed(1)} s)`),
      );
      return { checklists: checked.value.length };
    },
  );
}
