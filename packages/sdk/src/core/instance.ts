import type { Delivery, DeliveryError, Message } from '../delivery/index.js';
import { ITEM_COMPLETED, RESERVED_PREFIX, applyEvent, checklistForRole, evaluate, matches, mergeHits } from '../rules/evaluate.js';
import type { Checklist, Progress, RuleEvent } from '../rules/types.js';
import type { UI, UIActions, UIOptions } from '../ui/index.js';
import { createEmitter } from './emitter.js';
import { createRemote, type RemoteProgress } from './remote.js';
import type { Firstwin, IdentifyTraits, InitOptions, ProgressSnapshot } from './types.js';
import { emptyRecord, type UserRecord, type UserStore } from './user-store.js';

/** The platform an instance runs on; the browser entry supplies the real parts, tests supply fakes. */
export interface Platform {
  createDelivery(options: { endpoint: string; key: string; onError(e: DeliveryError): void; debug(msg: string, ...rest: unknown[]): void }): Delivery;
  createUserStore(onFallback: () => void): UserStore;
  mountUI(actions: UIActions, options: UIOptions): UI;
  fetch: typeof fetch;
  now(): number;
  uuid(): string;
  /**
   * A guide whose target lives on another page: go there (`href`) and resume the
   * guide after the load. Returns false when there is nowhere to go.
   */
  guideElsewhere?(target: string, href: string | undefined, itemId: string): boolean;
  /** The guide a previous page asked this one to resume, once. */
  takePendingGuide?(): string | null;
  /** Cross-tab notifications; none where BroadcastChannel is missing. */
  channel?(name: string): { post(data: unknown): void; listen(fn: (data: unknown) => void): void; close(): void } | undefined;
}

interface Session {
  userId: string;
  /** Proof of identity for collectors that verify identities: sent, never shown or stored as a trait. */
  userHash: string | undefined;
  /** The signed identity token from the vendor's server: sent with every message and read, never shown or stored as a trait. */
  token: string | undefined;
  role: string;
  accountId: string | undefined;
  record: UserRecord;
  /** Events tracked before the stored record and the checklists were both known. */
  pending: RuleEvent[] | null;
  open: boolean;
  justCompleted: boolean;
  /** Shown again by `open()` after a dismissal, for this page. */
  reopened?: boolean;
  /** Opened by itself as the person arrived, not by them or the app. */
  quiet?: boolean;
}

/** Folds another copy of a person's record into `into`; answers whether anything was new. */
function absorb(into: UserRecord, from: UserRecord, list: Checklist | undefined): boolean {
  let changed = list ? mergeHits(into.hits, from.hits, list) : false;
  for (const [id, at] of Object.entries(from.remote)) {
    if (into.remote[id] === undefined) changed = Boolean(into.remote[id] = at);
  }
  if (from.dismissed && !into.dismissed) changed = into.dismissed = true;
  if (from.closed && !into.closed) changed = into.closed = true;
  return changed;
}

const EMPTY: ProgressSnapshot = { checklistId: null, items: [], activated: false, activatedAt: null };

export function createInstance(platform: Platform): Firstwin {
  let config: InitOptions | undefined;
  let delivery: Delivery | undefined;
  let remote: ReturnType<typeof createRemote> | undefined;
  let store: UserStore | undefined;
  let ui: UI | undefined;
  let checklists: Checklist[] | undefined;
  let checklistsLoad: Promise<void> | undefined;
  let session: Session | undefined;
  let channel: ReturnType<NonNullable<Platform['channel']>> | undefined;
  // Calls made before init() are kept and replayed by it, in order.
  const beforeInit: Array<() => void> = [];

  const debug = (msg: string, ...rest: unknown[]) => {
    if (config?.debug) console.debug(`[firstwin] ${msg}`, ...rest);
  };
  const emitter = createEmitter((err) => debug('a listener threw', err));

  /** The SDK must never break the host page: every public call is fenced. */
  function safe<A extends unknown[], R>(name: string, fn: (...a: A) => R, fallback: R): (...a: A) => R {
    return (...args: A): R => {
      try {
        if (!config && name !== 'init' && name !== 'on' && name !== 'progress') {
          const later = () => (api as unknown as Record<string, (...a: A) => R>)[name]!(...args);
          if (fallback instanceof Promise) return new Promise((resolve) => beforeInit.push(() => resolve(later()))) as R;
          beforeInit.push(later);
          return fallback;
        }
        const out = fn(...args);
        return out instanceof Promise ? (out.catch((err) => debug(`${name}() failed`, err)) as R) : out;
      } catch (err) {
        debug(`${name}() failed`, err);
        return fallback;
      }
    };
  }

  const checklist = (): Checklist | undefined => checklistForRole(checklists ?? [], session?.role);

  const compute = (s: Session, list: Checklist): Progress =>
    // Locally a person's own events complete account-scoped items too; the rest of
    // the account's progress arrives in `remote` from the collector.
    evaluate(list, s.record.hits, s.record.hits, s.record.remote);

  const render = () => {
    const list = checklist();
    const dismissed = Boolean(session?.record.dismissed && !session.reopened);
    if (!session || !list || dismissed) {
      ui?.render(null);
      return;
    }
    // The panel's "Show me" may lead to the item's page; `startGuide()` called by the app waits where it is.
    ui ??= platform.mountUI({
      ...api,
      startGuide: safe('startGuide', (itemId: string) => guide(itemId, true), undefined),
      close: safe('close', (byPerson?: boolean) => whenKnown('close', () => closeBy(Boolean(byPerson))), undefined),
    }, { theme: config!.theme, locale: config!.locale });
    ui.render({
      checklist: list,
      progress: compute(session, list),
      open: session.open,
      dismissed,
      justCompleted: session.justCompleted,
      quiet: session.quiet,
    });
  };

  let saving = Promise.resolve();
  /** Saves merged with what another tab may have stored meanwhile; progress only grows. */
  const persist = (s: Session) => {
    saving = saving.then(async () => {
      const stored = await store!.load(s.userId);
      if (stored) absorb(s.record, stored, checklist());
      await store!.save(s.userId, s.record);
      channel?.post({ userId: s.userId });
    }).catch((err) => debug('could not save progress', err));
  };

  /** Applies a change, emits what it completed, and saves it unless `mutate` says nothing changed. */
  const change = (s: Session, mutate: (list: Checklist) => boolean | void) => {
    const list = checklist();
    if (!list) return;
    const before = compute(s, list);
    if (mutate(list) === false) return;
    const after = compute(s, list);
    after.items.forEach((item, i) => {
      if (item.done && !before.items[i]!.done) {
        emitter.emit('item_completed', { checklistId: list.id, itemId: item.id, completedAt: item.completedAt });
      }
    });
    const all = (p: Progress) => p.items.every((i) => i.done);
    if (all(after) && !all(before)) {
      s.justCompleted = true;
      emitter.emit('checklist_completed', { checklistId: list.id });
    }
    if (after.activated && !before.activated) emitter.emit('activated', { checklistId: list.id, activatedAt: after.activatedAt });
    persist(s);
    render();
  };

  const applyPending = (s: Session) => {
    if (!s.pending || !checklist()) return;
    const events = s.pending;
    s.pending = null;
    change(s, (list) => events.forEach((ev) => applyEvent(s.record.hits, list, ev)));
  };

  /** `at` and `messageId` are those of the call: one made before identify() is sent later, as what happened then. */
  const send = (msg: Omit<Message, 'messageId' | 'timestamp'>, at = platform.now(), messageId = platform.uuid()) => {
    const proof = session && msg.userId === session.userId
      ? { ...(session.userHash ? { userHash: session.userHash } : {}), ...(session.token ? { token: session.token } : {}) } : {};
    const full = { ...msg, ...proof, messageId, timestamp: new Date(at).toISOString() } as Message;
    void delivery!.enqueue(full).catch((err) => debug('could not queue', err));
    return full;
  };

  // Anonymous calls wait in memory for identify(), which gives them a person (the collector keeps none without one).
  let anonymous: Array<() => void> = [];
  /** Settles when the identify() in progress knows its person's stored record and checklist. */
  let known: Promise<void> | undefined;

  /**
   * Runs a call about the person's checklist (open, complete, a guide…) once there is one:
   * now, or when the identify() in progress has loaded it, or after the next identify().
   * The snippet replays `identify(); open()` in one turn, and neither call may be lost.
   */
  const whenKnown = (name: string, fn: () => void) => {
    if (!session) return void anonymous.push(() => whenKnown(name, fn));
    const waiting = known;
    if (!waiting) return fn();
    void waiting.then(() => whenKnown(name, fn)).catch((err) => debug(`${name}() failed`, err));
  };

  const record = (event: string, properties: Record<string, unknown>, at = platform.now(), messageId = platform.uuid()) => {
    const s = session;
    if (!s) {
      anonymous.push(() => record(event, properties, at, messageId));
      return;
    }
    const msg = send({ type: 'track', userId: s.userId, accountId: s.accountId, event, properties }, at, messageId);
    const ev: RuleEvent = { messageId: msg.messageId, event, properties, timestamp: Date.parse(msg.timestamp) };
    if (s.pending) return void s.pending.push(ev);
    const list = checklist();
    // An event no item counts changes nothing: no evaluation, render or IndexedDB write.
    if (list?.items.some((item) => matches(list, item, ev))) change(s, () => applyEvent(s.record.hits, list, ev).length > 0);
  };

  const loadChecklists = () =>
    (checklistsLoad ??= remote!
      .checklists()
      .then((lists) => {
        // Checklists given to init() win, even over an answer asked for before they came.
        checklists = config!.checklists ?? lists;
        void store!.saveChecklists(lists).catch(() => {});
      })
      .catch(async (err) => {
        checklistsLoad = undefined; // ask the collector again on the next identify()
        checklists ??= await store!.loadChecklists().catch(() => undefined);
        debug(`could not load checklists${checklists ? '; showing the ones saved on this device' : ''}`, err);
      }));

  const syncFromStore = async (s: Session) => {
    const stored = await store!.load(s.userId);
    // Only a real change is saved and announced, or two tabs would echo each other forever.
    if (stored && session === s) change(s, (list) => absorb(s.record, stored, list));
  };

  const setOpen = (open: boolean) => {
    if (!session) return;
    session.open = open;
    session.quiet = false;
    if (!open) session.justCompleted = false;
    render();
  };

  /** Closes the panel; closed by the person themselves, it no longer opens by itself on this device. */
  const closeBy = (person: boolean) => {
    const s = session;
    if (!s) return;
    setOpen(false);
    if (person && !s.record.closed) {
      s.record.closed = true;
      persist(s);
    }
  };

  /** `follow`: when the target is not on this page and the item has an `href`, go there and resume. */
  const guide = (itemId: string, follow: boolean) => {
    const list = checklist();
    const item = list?.items.find((i) => i.id === itemId);
    if (!list || !item?.guide || !ui) throw new Error(`no guide for "${itemId}"`);
    setOpen(false);
    if (follow && platform.guideElsewhere?.(item.guide.target, item.href, itemId)) return;
    ui.showGuide(item, {
      onMissing: () => {
        debug(`guide target ${item.guide!.target} of "${itemId}" never appeared`);
        record('firstwin:guide_target_missing', {
          checklistId: list.id, itemId, target: item.guide!.target,
          path: typeof location === 'undefined' ? undefined : location.pathname,
        });
      },
    });
  };

  const api: Firstwin = {
    init: safe('init', (options: InitOptions) => {
      if (config) {
        const same = (a: string, b: unknown) => typeof b === 'string' && a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
        if (options?.key !== config.key || !same(config.endpoint, options.endpoint)) return debug('init() was already called with another key or endpoint; ignoring this call');
        // Again for the same project (the script tag's data attributes started it, the page
        // adds what they cannot say): its checklists replace the collector's; a theme or
        // locale given before the checklist first shows is used for it.
        config = { ...config, ...options };
        if (options.checklists) {
          checklists = options.checklists;
          render();
        }
        return;
      }
      if (!options || typeof options.key !== 'string' || typeof options.endpoint !== 'string') {
        console.warn('[firstwin] init() needs { key, endpoint }');
        return;
      }
      config = { ...options };
      store = platform.createUserStore(() => debug('IndexedDB is unavailable: progress is kept in memory for this page only'));
      remote = createRemote(options.endpoint, options.key, platform.fetch);
      delivery = platform.createDelivery({
        endpoint: options.endpoint,
        key: options.key,
        debug,
        // Delivery already tells `debug` about it.
        onError: (e) => emitter.emit('error', e),
      });
      if (options.checklists) checklists = options.checklists;
      channel = platform.channel?.(`firstwin:${options.key}`);
      channel?.listen((data) => {
        const s = session;
        if (s && (data as { userId?: unknown })?.userId === s.userId) void syncFromStore(s);
      });
      beforeInit.splice(0).forEach((call) => call());
    }, undefined),

    identify: safe('identify', async (userId: string, traits: IdentifyTraits) => {
      if (typeof userId !== 'string' || !userId) throw new Error('identify() needs a user id');
      const role = traits?.role;
      if (typeof role !== 'string' || !role) throw new Error('identify() needs traits.role');
      const { userHash, token: signed, ...rest } = traits;
      const proof = typeof userHash === 'string' && userHash ? userHash : undefined;
      const token = typeof signed === 'string' && signed ? signed : undefined;
      const fresh = session?.userId !== userId;
      if (!session || fresh) {
        session = {
          userId, userHash: proof, token, role, accountId: traits.accountId, record: emptyRecord(), pending: [], open: false, justCompleted: false,
        };
      } else {
        session.role = role;
        session.accountId = traits.accountId ?? session.accountId;
        session.userHash = proof ?? session.userHash;
        session.token = token ?? session.token;
      }
      const s = session;
      const loading = (async () => {
        const [stored] = await Promise.all([store!.load(userId), checklists ? undefined : loadChecklists()]);
        if (session !== s) return;
        if (stored) absorb(s.record, stored, checklist());
        applyPending(s);
        // An unfinished checklist opens by itself when the person arrives, until they close it on this device.
        const list = checklist();
        if (fresh && list && !s.record.closed && compute(s, list).items.some((i) => !i.done)) s.open = s.quiet = true;
        render();
      })();
      const settled = (known = loading.catch(() => {}).then(() => {
        if (known === settled) known = undefined;
      }));
      send({ type: 'identify', userId, traits: rest });
      anonymous.splice(0).forEach((call) => call());
      await loading;
      if (session !== s) return;
      const resume = platform.takePendingGuide?.();
      if (resume) api.startGuide(resume);
      // Other devices and the rest of the account: the collector's view, merged in.
      const ask = () => remote!.progress(userId, { userHash: s.userHash, token: s.token });
      const merge = (p: RemoteProgress) => {
        if (session === s) change(s, (list) => absorb(s.record, { hits: {}, remote: p.done, dismissed: false }, list));
      };
      const failed = (err: unknown) => debug('could not load progress from the collector; showing this device\'s', err);
      try {
        const p = await ask();
        merge(p);
        // Asked before this identify reached the collector, it knows neither the person's role
        // nor their account, so none of the account's items: asked again once it is delivered.
        if (p.role !== s.role || (s.accountId !== undefined && p.accountId !== s.accountId)) void api.flush().then(ask).then(merge, failed);
      } catch (err) {
        failed(err);
      }
    }, Promise.resolve()),

    group: safe('group', (accountId: string, traits = {}) => {
      if (typeof accountId !== 'string' || !accountId) throw new Error('group() needs an account id');
      const at = platform.now();
      const messageId = platform.uuid();
      const copy = { ...traits }; // as they were at the call, whatever the app does to its object before identify()
      const sendGroup = () => {
        const s = session!;
        s.accountId ??= accountId;
        send({ type: 'group', userId: s.userId, groupId: accountId, traits: copy }, at, messageId);
      };
      if (session) sendGroup();
      else anonymous.push(sendGroup);
    }, undefined),

    track: safe('track', (event: string, properties: Record<string, unknown> = {}) => {
      if (typeof event !== 'string' || !event) throw new Error('track() needs an event name');
      if (event.startsWith(RESERVED_PREFIX)) throw new Error(`event names starting with "${RESERVED_PREFIX}" are reserved`);
      record(event, { ...properties });
    }, undefined),

    complete: safe('complete', (itemId: string) => {
      // Sent as done when it was called, however long the checklist took to load.
      const at = platform.now();
      const messageId = platform.uuid();
      whenKnown('complete', () => {
        const list = checklist();
        const item = list?.items.find((i) => i.id === itemId);
        if (!list || !item) throw new Error(`no item "${itemId}" in this person's checklist`);
        if (item.completeOn !== 'manual') throw new Error(`"${itemId}" completes from events, not by hand`);
        if (compute(session!, list).items.find((i) => i.id === itemId)?.done) return;
        record(ITEM_COMPLETED, { checklistId: list.id, itemId }, at, messageId);
      });
    }, undefined),

    // After a dismissal too: the app's own "Getting started" entry shows it again, for this page.
    open: safe('open', () => whenKnown('open', () => {
      if (session!.record.dismissed) session!.reopened = true;
      setOpen(true);
    }), undefined),
    close: safe('close', () => whenKnown('close', () => closeBy(false)), undefined),

    dismiss: safe('dismiss', () => whenKnown('dismiss', () => {
      const s = session!;
      s.record.dismissed = true;
      s.open = false;
      s.reopened = false;
      persist(s);
      render();
    }), undefined),

    startGuide: safe('startGuide', (itemId: string) => whenKnown('startGuide', () => guide(itemId, false)), undefined),

    progress: safe('progress', () => {
      const list = checklist();
      return session && list ? compute(session, list) : { ...EMPTY, items: [] };
    }, { ...EMPTY, items: [] }),

    on: safe('on', (type, fn) => emitter.on(type, fn), () => {}),

    flush: safe('flush', () => delivery!.flush(), Promise.resolve()),

    reset: safe('reset', () => {
      session = undefined;
      anonymous = [];
      ui?.hideGuide();
      render();
    }, undefined),
  };
  return api;
}
