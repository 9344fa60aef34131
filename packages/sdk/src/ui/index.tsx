import { render } from 'preact';
import { App } from './app.js';
import { mountHost } from './mount.js';
import { showTooltip } from './tooltip.js';
import type { UI, UIActions, UIOptions, UIState } from './types.js';

export type { GuideOptions, UI, UIActions, UIOptions, UIState } from './types.js';

/** Mounts the checklist UI in the open shadow root of one `<firstwin-app>`. */
export function mountUI(doc: Document, actions: UIActions, options: UIOptions = {}): UI {
  const { host, root } = mountHost(doc, options);
  const view = doc.createElement('div');
  root.append(view);
  let wasOpen = false;
  let hideGuide: (() => void) | undefined;

  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    if (hideGuide) {
      hideGuide();
      return;
    }
    if (wasOpen) {
      actions.close();
      (root.querySelector('.launcher') as HTMLElement | null)?.focus();
    }
  };
  // On the document, so Escape works from the page too while a tooltip shows.
  doc.addEventListener('keydown', onKey);

  return {
    render(state: UIState | null) {
      render(state && !state.dismissed ? <App state={state} actions={actions} /> : null, view);
      const open = Boolean(state?.open && !state.dismissed);
      // Opening moves focus into the panel; it is non-modal, so focus is never trapped.
      if (open && !wasOpen) (root.getElementById('fw-title') as HTMLElement | null)?.focus();
      wasOpen = open;
    },
    showGuide(item, opts) {
      hideGuide?.();
      const close = showTooltip(root, item, {
        ...opts,
        onClose: () => {
          hideGuide = undefined;
          opts.onClose?.();
        },
        onMissing: () => {
          hideGuide = undefined;
          opts.onMissing();
        },
      });
      hideGuide = close;
    },
    hideGuide: () => hideGuide?.(),
    destroy() {
      hideGuide?.();
      render(null, view);
      doc.removeEventListener('keydown', onKey);
      host.remove();
    },
  };
}
