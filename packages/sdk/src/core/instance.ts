import { ITEM_COMPLETED, RESERVED_PREFIX, applyEvent, matches } from '../rules/evaluate.js';
import type { RuleEvent } from '../rules/types.js';
import { checklistOf, type Core, type Platform } from './core.js';
import { createEmitter } from './emitter.js';
import { absorb, compute, createProgress } from './progress.js';
import { createRemote, type RemoteProgress } from './remote.js';
import { send, startSession } from './session.js';
import type { Firstwin, IdentifyTraits, InitOptions, ProgressSnapshot } from './types.js';
import { createBridge } from './ui-bridge.js';
import { createWaiting } from './waiting.js';

export type { Platform } from './core.js';

const EMPTY: ProgressSnapshot = { checklistId: null, items: [], activated: false, activatedAt: null };

/** One Firstwin: the public API over the person (session.ts), their progress (progress.ts), the calls that wait (waiting.ts) and the UI (ui-bridge.ts). */
export function createInstance(platform: Platform): Firstwin {
  const core: Core = {
    platform,
    debug: (msg, ...rest) => {
      if (core.config?.debug) console.debug(`[firstwin] ${msg}`, ...rest);
    },
    emitter: createEmitter((err) => core.debug('a listener threw', err)),
  };
  const { debug, emitter } = core;
  // Calls made before init() are kept and replayed by it, in order.
  const beforeInit: Array<() => void> = [];
  let checklistsLoad: Promise<void> | undefined;

  /** The SDK must never break the host page: every public call is fenced. */
  function safe<A extends unknown[], R>(name: string, fn: (...a: A) => R, fallback: R): (...a: A) => R {
    return (...args: A): R => {
      try {
        if (!core.config && name !== 'init' && name !== 'on' && name !== 'progress') {
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

  const waiting = createWaiting(core);
  const { whenKnown } = waiting;
  /** A public call about the person's checklist: fenced, and run once their checklist is known. */
  const known = <A extends unknown[]>(name: string, fn: (...a: A) => void) =>
    safe(name, (...args: A) => whenKnown(name, () => fn(...args)), undefined);
  const bridge = createBridge(core, {
    // The panel's "Show me" may lead to the item's page; `startGuide()` called by the app waits where it is.
    actions: () => ({
      ...api,
      startGuide: safe('startGuide', (itemId: string) => bridge.guide(itemId, true), undefined),
      close: known('close', (byPerson?: boolean) => bridge.closeBy(Boolean(byPerson))),
    }),
    persist: (s) => progress.persist(s),
    record: (event, properties) => record(event, properties),
  });
  const progress = createProgress(core, bridge.render);

  const record = (event: string, properties: Record<string, unknown>, at = platform.now(), messageId = platform.uuid()) => {
    const s = core.session;
    if (!s) return waiting.withPerson(() => record(event, properties, at, messageId));
    const msg = send(core, { type: 'track', userId: s.userId, accountId: s.accountId, event, properties }, at, messageId);
    const ev: RuleEvent = { messageId: msg.messageId, event, properties, timestamp: Date.parse(msg.timestamp) };
    if (s.pending) return void s.pending.push(ev);
    const list = checklistOf(core);
    // The account block shows what the collector counts: it reads again once this event is there.
    if (list?.showAccountProgress) void core.delivery!.flush().then(bridge.refreshAccount);
    // An event no item counts changes nothing: no evaluation, render or IndexedDB write.
    if (list?.items.some((item) => matches(list, item, ev))) progress.change(s, () => applyEvent(s.record.hits, list, ev).length > 0);
  };

  const loadChecklists = () =>
    (checklistsLoad ??= core
      .remote!.checklists()
      .then((lists) => {
        // Checklists given to init() win, even over an answer asked for before they came.
        core.checklists = core.config!.checklists ?? lists;
        void core.store!.saveChecklists(lists).catch(() => {});
      })
      .catch(async (err) => {
        checklistsLoad = undefined; // ask the collector again on the next identify()
        core.checklists ??= await core.store!.loadChecklists().catch(() => undefined);
        debug(`could not load checklists${core.checklists ? '; showing the ones saved on this device' : ''}`, err);
      }));

  const api: Firstwin = {
    init: safe(
      'init',
      (options: InitOptions) => {
        const { config } = core;
        if (config) {
          const same = (a: string, b: unknown) => typeof b === 'string' && a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
          if (options?.key !== config.key || !same(config.endpoint, options.endpoint))
            return debug('init() called again with another key or endpoint: ignored');
          // Again for the same project (the script tag's data attributes started it, the page
          // adds what they cannot say): its checklists replace the collector's; a theme, locale
          // or words given before the checklist first shows are used for it.
          core.config = { ...config, ...options };
          if (options.checklists) {
            core.checklists = options.checklists;
            bridge.render();
          }
          return;
        }
        if (!options || typeof options.key !== 'string' || typeof options.endpoint !== 'string') {
          console.warn('[firstwin] init() needs { key, endpoint }');
          return;
        }
        core.config = { ...options };
        core.store = platform.createUserStore(() => debug('no IndexedDB: progress kept in memory for this page only'));
        core.remote = createRemote(options.endpoint, options.key, platform.fetch);
        // Delivery already tells `debug` about it.
        core.delivery = platform.createDelivery({
          endpoint: options.endpoint,
          key: options.key,
          debug,
          onError: (e) => emitter.emit('error', e),
        });
        if (options.checklists) core.checklists = options.checklists;
        core.channel = platform.channel?.(`firstwin:${options.key}`);
        if (core.channel)
          core.channel.onmessage = ({ data }) => {
            const s = core.session;
            if (s && (data as { userId?: unknown })?.userId === s.userId) void progress.syncFromStore(s);
          };
        beforeInit.splice(0).forEach((call) => call());
      },
      undefined,
    ),

    identify: safe(
      'identify',
      async (userId: string, traits: IdentifyTraits) => {
        if (typeof userId !== 'string' || !userId) throw new Error('identify() needs a user id');
        const { session: s, traits: rest, fresh } = startSession(core, userId, traits);
        const loading = (async () => {
          const [stored] = await Promise.all([core.store!.load(userId), core.checklists ? undefined : loadChecklists()]);
          if (core.session !== s) return;
          if (stored) absorb(s.record, stored, checklistOf(core));
          progress.applyPending(s);
          // An unfinished checklist opens by itself when the person arrives, until they close it on this device.
          const list = checklistOf(core);
          if (fresh && list && !s.record.closed && compute(s, list).items.some((i) => !i.done)) s.open = s.quiet = true;
          bridge.render();
        })();
        waiting.loading(loading);
        send(core, { type: 'identify', userId, traits: rest });
        waiting.identified();
        await loading;
        if (core.session !== s) return;
        const resume = platform.takePendingGuide?.();
        if (resume) api.startGuide(resume);
        // Other devices and the rest of the account: the collector's view, merged in.
        const ask = () => core.remote!.progress(userId, { userHash: s.userHash, token: s.token });
        const merge = (p: RemoteProgress) => progress.mergeRemote(s, p.done);
        const failed = (err: unknown) => debug("could not load progress from the collector; showing this device's", err);
        try {
          const p = await ask();
          merge(p);
          // Asked before this identify reached the collector, it knows neither the person's role
          // nor their account, so none of the account's items: asked again once it is delivered.
          if (p.role !== s.role || (s.accountId !== undefined && p.accountId !== s.accountId))
            void api.flush().then(ask).then(merge, failed);
        } catch (err) {
          failed(err);
        }
      },
      Promise.resolve(),
    ),

    group: safe(
      'group',
      (accountId: string, traits = {}) => {
        if (typeof accountId !== 'string' || !accountId) throw new Error('group() needs an account id');
        const at = platform.now();
        const messageId = platform.uuid();
        const copy = { ...traits }; // as they were at the call, whatever the app does to its object before identify()
        waiting.withPerson(() => {
          const s = core.session!;
          s.accountId ??= accountId;
          send(core, { type: 'group', userId: s.userId, groupId: accountId, traits: copy }, at, messageId);
        });
      },
      undefined,
    ),

    track: safe(
      'track',
      (event: string, properties: Record<string, unknown> = {}) => {
        if (typeof event !== 'string' || !event) throw new Error('track() needs an event name');
        if (event.startsWith(RESERVED_PREFIX)) throw new Error(`event names starting with "${RESERVED_PREFIX}" are reserved`);
        record(event, { ...properties });
      },
      undefined,
    ),

    complete: safe(
      'complete',
      (itemId: string) => {
        // Sent as done when it was called, however long the checklist took to load.
        const at = platform.now();
        const messageId = platform.uuid();
        whenKnown('complete', () => {
          const list = checklistOf(core);
          const item = list?.items.find((i) => i.id === itemId);
          if (!list || !item) throw new Error(`no item "${itemId}" in this person's checklist`);
          if (item.completeOn !== 'manual') throw new Error(`"${itemId}" completes from events, not by hand`);
          if (compute(core.session!, list).items.find((i) => i.id === itemId)?.done) return;
          record(ITEM_COMPLETED, { checklistId: list.id, itemId }, at, messageId);
        });
      },
      undefined,
    ),

    // After a dismissal too: the app's own "Getting started" entry shows it again, for this page.
    open: known('open', () => {
      if (core.session!.record.dismissed) core.session!.reopened = true;
      bridge.setOpen(true);
    }),
    close: known('close', () => bridge.closeBy(false)),

    dismiss: known('dismiss', () => {
      const s = core.session!;
      s.record.dismissed = true;
      s.open = false;
      s.reopened = false;
      progress.persist(s);
      bridge.render();
    }),

    startGuide: known('startGuide', (itemId: string) => bridge.guide(itemId, false)),

    progress: safe(
      'progress',
      () => {
        const list = checklistOf(core);
        return core.session && list ? compute(core.session, list) : { ...EMPTY, items: [] };
      },
      { ...EMPTY, items: [] },
    ),

    on: safe(
      'on',
      (type, fn) => emitter.on(type, fn),
      () => {},
    ),

    flush: safe('flush', () => core.delivery!.flush(), Promise.resolve()),

    reset: safe(
      'reset',
      () => {
        core.session = undefined;
        waiting.forget();
        bridge.hideGuide();
        bridge.render();
      },
      undefined,
    ),
  };
  return api;
}
