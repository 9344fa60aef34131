import { h, render } from 'preact';
import { App } from './app.js';
import { createGuides } from './guides.js';
import { mountHost } from './mount.js';
import { pickStrings } from './strings.js';
import type { GuideModule, UI, UIActions, UIOptions, UIState } from './types.js';

/**
 * Mounts the checklist UI in the open shadow root of one `<firstwin-app>`. `loadGuide`
 * fetches the guide code the first time a guide starts: a dynamic `import()` for
 * bundlers, a same-origin script for the script tag.
 */
export function mountUI(doc: Document, actions: UIActions, options: UIOptions, loadGuide: () => Promise<GuideModule>): UI {
  const { host, root, announce } = mountHost(doc, options);
  const view = doc.createElement('div');
  root.append(view);
  const strings = pickStrings(options.locale, options.strings);
  const guides = createGuides({ doc, host, root, announce, strings }, loadGuide);
  let last: UIState | null = null;

  const draw = () =>
    render(<App state={last && !last.dismissed ? last : null} actions={wrapped} strings={strings} root={root} announce={announce} />, view);
  // After any action, redraw from the last state: if the core refused a manual
  // completion, the checkbox the browser just ticked goes back to the truth.
  const after = <A extends unknown[]>(fn: (...a: A) => void) => (...a: A) => {
    fn(...a);
    draw();
  };
  const wrapped: UIActions = {
    complete: after(actions.complete),
    startGuide: after(actions.startGuide),
    open: after(actions.open),
    close: after(actions.close),
    dismiss: after(actions.dismiss),
  };

  return {
    render(state) {
      last = state;
      draw();
      if (state && !state.dismissed && state.checklist.items.some((item) => item.guide)) guides.prefetch();
    },
    showGuide: guides.show,
    hideGuide: guides.hide,
    destroy() {
      guides.hide();
      render(null, view);
      host.remove();
    },
  };
}
