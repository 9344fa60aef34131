import type { SignalEvent } from './events.js';
import type { Format } from './kinds.js';
import { slackText } from './slack.js';

/**
 * The body a webhook of this format receives, as sent: `standard` is the Standard
 * Webhooks envelope `{type, timestamp, data}`, `slack` an incoming-webhook message.
 */
export function bodyOf(e: SignalEvent, format: Format): string {
  if (format === 'slack') return JSON.stringify({ text: slackText(e) });
  return JSON.stringify({ type: e.type, timestamp: new Date(e.timestamp).toISOString(), data: e.data });
}
