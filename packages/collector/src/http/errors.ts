import type { FastifyError, FastifyInstance } from 'fastify';

/** An error whose message is meant for the person calling the API. */
export const httpError = (statusCode: number, message: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { statusCode, extra });

/** Every error answer is `{"error": "…"}` with something a person can act on; bad input is never a 5xx. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & { extra?: Record<string, unknown> }, req, reply) => {
    const code = err.code ?? '';
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const advice = req.routeOptions.url === '/v1/batch' ? '; send fewer events per batch' : '';
      return reply.code(413).send({ error: `the request body is over 500 kB${advice}` });
    }
    // 400 as for any body that is not JSON (the contract's one code for it), not 415.
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.code(400).send({ error: 'the body must be JSON: send it with Content-Type: application/json' });
    }
    if (err.validation) {
      const first = err.validation[0];
      const where = `${err.validationContext ?? 'request'}${first?.instancePath ?? ''}`;
      const message =
        first?.keyword === 'enum'
          ? `${where} must be one of: ${(first.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`
          : first?.keyword === 'additionalProperties'
            ? `${where} has a field it does not know: "${(first.params as { additionalProperty: string }).additionalProperty}" (see /openapi.json)`
            : err.message;
      return reply.code(400).send({ error: `invalid request: ${message}` });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ error: err.message, ...err.extra });
    }
    req.log.error({ err }, 'request failed');
    return reply.code(500).send({ error: 'the collector failed to handle this request; nothing of it was acknowledged, retry later' });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ error: `no such endpoint: ${req.method} ${req.url.split('?')[0]}; see /openapi.json` }),
  );
}
