import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A new signing secret: `whsec_` and 24 random bytes in base64, the form Standard Webhooks libraries read. */
export const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

/**
 * The headers of one attempt: `webhook-id` is the event's own (a retry repeats it, so a
 * receiver can drop what it has seen), `webhook-timestamp` the attempt's, in seconds.
 */
export function signedHeaders(secret: string, eventId: string, sentAt: number, body: string): Record<string, string> {
  return {
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(sentAt / 1000)),
    'webhook-signature': new Webhook(secret).sign(eventId, new Date(sentAt), body),
  };
}
