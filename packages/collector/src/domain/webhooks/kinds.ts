/** What a webhook may subscribe to. */
export const EVENT_TYPES = ['account.status_changed', 'account.first_value', 'user.activated'] as const;
export type EventType = (typeof EVENT_TYPES)[number];
/** The ping `POST /v1/webhooks/:id/test` sends; nobody subscribes to it. */
export const TEST_EVENT = 'webhook.test';

export const FORMATS = ['standard', 'slack'] as const;
export type Format = (typeof FORMATS)[number];
