import type { ChecklistItem } from '../rules/types.js';
import type { GuideHost, GuideModule, GuideOptions } from './types.js';

/** When the page is idle: soon, without delaying what it does now. */
const whenIdle = (win: Window | null, fn: () => void) =>
  win?.requestIdleCallback ? win.requestIdleCallback(fn, { timeout: 5000 }) : setTimeout(fn, 1);

/**
 * One guide at a time, its code fetched the first time one starts (or ahead, in idle
 * time, once guides are on offer). A failed fetch is forgotten, so the next guide asks
 * again; a guide replaced or hidden while its code loads is never shown.
 */
export function createGuides(ui: GuideHost, load: () => Promise<GuideModule>) {
  let loading: Promise<GuideModule> | undefined;
  let prefetched = false;
  let stop: (() => void) | undefined;
  let turn = 0;
  const code = () =>
    (loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw err;
    }));

  const hide = () => {
    turn++;
    const end = stop;
    stop = undefined;
    end?.();
  };

  return {
    prefetch() {
      if (prefetched) return;
      prefetched = true;
      whenIdle(ui.doc.defaultView, () => void code().catch(() => {}));
    },
    show(item: ChecklistItem, opts: GuideOptions) {
      hide();
      const mine = turn;
      const ended = (fn?: () => void) => () => {
        if (turn === mine) stop = undefined;
        fn?.();
      };
      code().then(
        (mod) => {
          if (turn !== mine) return;
          stop = mod.showGuide(ui, item, { ...opts, onMissing: ended(opts.onMissing), onClose: ended(opts.onClose) });
        },
        (err: unknown) => {
          if (turn === mine) opts.onLoadError?.(err);
        },
      );
    },
    hide,
  };
}
