/** An event that passed validation, as the store keeps it. */
export interface StoredEvent {
  messageId: string;
  type: 'identify' | 'group' | 'track';
  userId: string;
  accountId?: string | undefined;
  event?: string | undefined;
  properties?: Record<string, unknown> | undefined;
  traits?: Record<string, unknown> | undefined;
  /** Epoch ms of the event's own timestamp (when it happened, not when it arrived). */
  timestamp: number;
}
