import type { AccountSource, UI, UIActions } from '../ui/index.js';
import { checklistOf, type Core } from './core.js';
import { compute } from './progress.js';

/**
 * Between the instance and what it shows: the panel drawn from the person's state
 * (mounted the first time there is something to show), opening and closing it, and guides.
 */
export function createBridge(
  core: Core,
  deps: {
    /** What the panel's own controls call. */
    actions(): UIActions;
    persist(s: NonNullable<Core['session']>): void;
    record(event: string, properties: Record<string, unknown>): void;
  },
) {
  let ui: UI | undefined;
  // The same object until the person's events are acknowledged or their token changes: a new one is read again.
  let source: AccountSource | undefined;

  const render = () => {
    const { session } = core;
    const list = checklistOf(core);
    const dismissed = Boolean(session?.record.dismissed && !session.reopened);
    if (!session || !list || dismissed) {
      ui?.render(null);
      return;
    }
    const { config, platform } = core;
    ui ??= platform.mountUI(deps.actions(), {
      theme: config!.theme,
      locale: config!.locale ?? platform.language?.(),
      strings: config!.strings,
      // Offline, the script tag's stylesheet may not load: the page hears of it, and the next open() fetches again.
      onError: (err) =>
        core.emitter.emit('error', {
          kind: 'ui',
          message: `could not load the UI's stylesheet (${String(err)}); the next open() tries again`,
        }),
    });
    ui.render({
      checklist: list,
      progress: compute(session, list),
      open: session.open,
      dismissed,
      justCompleted: session.justCompleted,
      quiet: session.quiet,
      account:
        list.showAccountProgress && session.token
          ? (source =
              source?.token === session.token
                ? source
                : {
                    ...config!,
                    token: session.token,
                    fetch: platform.fetch,
                    onError: (err) => core.emitter.emit('error', { kind: 'account', message: String(err) }),
                  })
          : undefined,
    });
  };

  const setOpen = (open: boolean) => {
    const s = core.session;
    if (!s) return;
    s.open = open;
    s.quiet = false;
    if (!open) s.justCompleted = false;
    render();
  };

  return {
    render,
    setOpen,
    /** The person's events reached the collector: an open account block reads again. */
    refreshAccount() {
      source = undefined;
      render();
    },
    /** Closes the panel; closed by the person themselves, it no longer opens by itself on this device. */
    closeBy(person: boolean) {
      const s = core.session;
      if (!s) return;
      setOpen(false);
      if (person && !s.record.closed) {
        s.record.closed = true;
        deps.persist(s);
      }
    },
    /** `follow`: when the target is not on this page and the item has an `href`, go there and resume. */
    guide(itemId: string, follow: boolean) {
      const list = checklistOf(core);
      const item = list?.items.find((i) => i.id === itemId);
      if (!list || !item?.guide || !ui) throw new Error(`no guide for "${itemId}"`);
      setOpen(false);
      const { debug, emitter } = core;
      ui.showGuide(item, {
        follow,
        // Offline, the guide code may not load: the page hears of it, and the next startGuide() fetches again.
        onLoadError: (err) => {
          debug(`could not load the guide code for "${itemId}"`, err);
          emitter.emit('error', {
            kind: 'guide',
            message: `could not load the guide code (${String(err)}); the next startGuide() tries again`,
          });
        },
        onMissing: () => {
          debug(`guide target ${item.guide!.target} of "${itemId}" never appeared`);
          deps.record('firstwin:guide_target_missing', {
            checklistId: list.id,
            itemId,
            target: item.guide!.target,
            path: typeof location === 'undefined' ? undefined : location.pathname,
          });
        },
      });
    },
    hideGuide: () => ui?.hideGuide(),
  };
}
