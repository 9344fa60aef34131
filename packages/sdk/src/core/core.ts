import type { Channel, Delivery, DeliveryError } from '../delivery/index.js';
import { checklistForRole } from '../rules/evaluate.js';
import type { Checklist } from '../rules/types.js';
import type { UI, UIActions, UIOptions } from '../ui/index.js';
import type { createEmitter } from './emitter.js';
import type { createRemote } from './remote.js';
import type { Session } from './session.js';
import type { InitOptions } from './types.js';
import type { UserStore } from './user-store.js';

/** The platform an instance runs on; the browser entry supplies the real parts, tests supply fakes. */
export interface Platform {
  createDelivery(options: {
    endpoint: string;
    key: string;
    onError(e: DeliveryError): void;
    debug(msg: string, ...rest: unknown[]): void;
  }): Delivery;
  createUserStore(onFallback: () => void): UserStore;
  mountUI(actions: UIActions, options: UIOptions): UI;
  fetch: typeof fetch;
  now(): number;
  uuid(): string;
  /** The browser's language, for the SDK's own words when `init({ locale })` names none. */
  language?(): string | undefined;
  /** The guide a previous page asked this one to resume, once. */
  takePendingGuide?(): string | null;
  /** Cross-tab notifications; none where BroadcastChannel is missing. */
  channel?(name: string): Channel<unknown> | undefined;
}

/**
 * What one instance knows, shared by the modules that make it up (the person, their
 * progress, the calls that wait, the UI). Everything but the platform, the emitter and
 * `debug` arrives with init().
 */
export interface Core {
  platform: Platform;
  emitter: ReturnType<typeof createEmitter>;
  debug(msg: string, ...rest: unknown[]): void;
  config?: InitOptions;
  store?: UserStore;
  delivery?: Delivery;
  remote?: ReturnType<typeof createRemote>;
  checklists?: Checklist[];
  session?: Session;
  /** To the other tabs of this app: a person's progress was saved. */
  channel?: ReturnType<NonNullable<Platform['channel']>>;
}

/** The checklist of the person's role, if both are known. */
export const checklistOf = (core: Core): Checklist | undefined => checklistForRole(core.checklists ?? [], core.session?.role);
