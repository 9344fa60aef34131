import type { AccountSummary, AccountUser, Checklist, Delivery, Session, Target, Timeline, Webhook, WebhookFormat } from './types.js';

export interface ApiError extends Error {
  status: number;
}

const apiError = (status: number, message: string): ApiError => Object.assign(new Error(message), { status });

export interface ApiOptions {
  /** The collector's root, ending in `/`: the dashboard is served at `<root>dashboard/`. */
  root: string;
  fetch?: typeof fetch;
  /** Called on any 401 after sign-in: the session ran out or was ended elsewhere. */
  onSignedOut?: () => void;
}

/**
 * The collector's JSON API as the signed-in person's browser calls it: the session
 * cookie authenticates, and every state-changing request carries the CSRF token the
 * session handed out, which another site's page cannot read.
 */
export function createApi({ root, fetch: f = globalThis.fetch.bind(globalThis), onSignedOut }: ApiOptions) {
  let csrf = '';

  async function call<T>(method: string, path: string, body?: unknown, quiet401 = false): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET') headers['x-firstwin-csrf'] = csrf;
    const res = await f(root + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: reported below by status */
    }
    if (!res.ok) {
      if (res.status === 401 && !quiet401) onSignedOut?.();
      const message = (json as { error?: string } | null)?.error ?? `the collector answered ${res.status}`;
      throw apiError(res.status, message);
    }
    return json as T;
  }

  const remember = (s: Session) => {
    csrf = s.csrfToken;
    return s;
  };
  const id = encodeURIComponent;

  return {
    /** Who is signed in, or null. */
    async session(): Promise<Session | null> {
      try {
        return remember(await call<Session>('GET', 'dashboard/api/session', undefined, true));
      } catch (e) {
        if ((e as ApiError).status === 401) return null;
        throw e;
      }
    },
    signIn: async (email: string, password: string) =>
      remember(await call<Session>('POST', 'dashboard/api/session', { email, password }, true)),
    signOut: async () => {
      await call<unknown>('DELETE', 'dashboard/api/session');
      csrf = '';
    },
    accounts: () => call<AccountSummary[]>('GET', 'v1/accounts'),
    csvUrl: (status?: string) => `${root}v1/accounts?format=csv${status ? `&status=${id(status)}` : ''}`,
    account: (accountId: string) => call<AccountSummary>('GET', `v1/accounts/${id(accountId)}/activation`),
    users: (accountId: string) => call<AccountUser[]>('GET', `v1/accounts/${id(accountId)}/users`),
    timeline: (accountId: string) => call<Timeline>('GET', `v1/accounts/${id(accountId)}/timeline`),
    checklists: () => call<Checklist[]>('GET', 'v1/checklists'),
    target: () => call<Target>('GET', 'v1/activation-target'),
    webhooks: () => call<Webhook[]>('GET', 'v1/webhooks'),
    createWebhook: (w: { url: string; events: string[]; format: WebhookFormat }) => call<Webhook>('POST', 'v1/webhooks', w),
    deleteWebhook: (webhookId: string) => call<unknown>('DELETE', `v1/webhooks/${id(webhookId)}`),
    testWebhook: (webhookId: string) => call<unknown>('POST', `v1/webhooks/${id(webhookId)}/test`, {}),
    deliveries: (webhookId: string) => call<Delivery[]>('GET', `v1/webhooks/${id(webhookId)}/deliveries`),
    accountDeliveries: (accountId: string) => call<Delivery[]>('GET', `v1/accounts/${id(accountId)}/deliveries`),
  };
}

export type Api = ReturnType<typeof createApi>;
