import { h, render, type ComponentChild } from 'preact';
import { App } from './app.js';
import { createGuides } from './guides.js';
import { mountHost } from './mount.js';
import { LATER, language, pickStrings, type Strings, type Words } from './strings.js';
import type { AccountSource, GuideHost, Loaders, UI, UIActions, UIOptions, UIState } from './types.js';

/** How long a checklist waits for its language's words before it shows in English. */
const WORDS_WAIT_MS = 3000;

/** Mounts the checklist UI in the open shadow root of one `<firstwin-app>`. */
export function mountUI(doc: Document, actions: UIActions, options: UIOptions, load: Loaders): UI {
  const { host, root, announce, addStyles } = mountHost(doc, options);
  const view = doc.createElement('div');
  root.append(view);
  const lang = language(options.locale);
  const ui: GuideHost = { doc, host, root, announce, addStyles, strings: pickStrings(undefined, options.strings) };
  const guides = createGuides(ui, load.guide);
  let last: UIState | null = null;
  // Nothing shows before the stylesheet applies. A failed load is reported and forgotten:
  // the next render of an open panel (open(), or the panel opening by itself) asks again.
  let styled = false;
  let styling: Promise<void> | undefined;
  const style = () => {
    if (styled || styling) return;
    const loading = load.styles(ui);
    if (!loading) return void (styled = true);
    styling = loading.then(
      () => {
        styled = true;
        draw();
      },
      (err: unknown) => {
        styling = undefined;
        options.onError?.(err);
      },
    );
  };
  // Words other than English are fetched: nothing shows until they are here, or until the
  // wait is over (then English, until they arrive).
  let words: Words | undefined;
  const use = (table?: Strings) => {
    words = ui.strings = pickStrings(table, options.strings);
    draw();
  };
  // The account block (a checklist with showAccountProgress): its code and the read start
  // when the panel opens, and again for each new source; an answer for an older one is dropped.
  let asked: AccountSource | undefined;
  let account: ((strings: Words) => ComponentChild) | void;
  const readAccount = (a: AccountSource | undefined) => {
    if (a === asked) return;
    if (!(asked = a)) return void (account = undefined);
    load
      .account()
      .then((m) => m.accountBlock(a), a.onError)
      .then((block) => {
        if (asked === a) {
          account = block;
          draw();
        }
      });
  };
  const draw = () => {
    const state = styled && words && last && !last.dismissed ? last : null;
    const strings = words ?? ui.strings;
    render(<App state={state} actions={wrapped} strings={strings} root={root} announce={announce} account={account?.(strings)} />, view);
  };
  // After any action, redraw from the last state: if the core refused a manual
  // completion, the checkbox the browser just ticked goes back to the truth.
  const after =
    <A extends unknown[]>(fn: (...a: A) => void) =>
    (...a: A) => {
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
  style();
  if (LATER.includes(lang)) {
    const timer = setTimeout(() => words ?? use(), WORDS_WAIT_MS);
    load
      .words(lang)
      .then(use, () => words ?? use())
      .finally(() => clearTimeout(timer));
  } else {
    words = ui.strings;
  }

  return {
    render(state) {
      last = state;
      if (state?.open) style();
      readAccount(state?.open ? state.account : undefined);
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
