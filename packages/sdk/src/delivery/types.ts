/** A Segment-compatible message, as `POST /v1/batch` takes it. */
export interface Message {
  type: 'identify' | 'group' | 'track';
  messageId: string;
  timestamp: string;
  userId?: string;
  accountId?: string;
  groupId?: string;
  traits?: Record<string, unknown>;
  event?: string;
  properties?: Record<string, unknown>;
  /** The person's proof of identity, for collectors that verify identities; never stored there. */
  userHash?: string;
  /** The signed identity token (a JWT from the vendor's server) of the message's `userId`, when the page gave one. */
  token?: string;
}

export interface DeliveryError {
  kind: 'rejected' | 'unauthorized' | 'dropped' | 'network';
  message: string;
  messageId?: string;
}

export interface Delivery {
  /** Durably queues the message (IndexedDB) and schedules a send. */
  enqueue(msg: Message): Promise<void>;
  /** Resolves once everything this tab queued so far has been acknowledged. */
  flush(): Promise<void>;
  /** Removes listeners and timers. */
  stop(): void;
}
