import { patch } from './dom.js';
import { Launcher } from './launcher.js';
import { mountHost } from './mount.js';
import { Panel, TITLE_ID } from './panel.js';
import { showTooltip } from './tooltip.js';
import type { GuideOptions, UI, UIActions, UIOptions, UIState } from './types.js';

/** The panel while it is open (it says all the launcher would), else the launcher. */
function app(state: UIState, actions: UIActions): HTMLElement[] {
  const done = state.checklist.items.filter((item) => state.progress.items.some((p) => p.id === item.id && p.done)).length;
  if (state.open) return [Panel({ state, actions, done })];
  return [Launcher({ title: state.checklist.title, done, total: state.checklist.items.length, celebrate: Boolean(state.justCompleted), onClick: actions.open })];
}

/** Mounts the checklist UI in the open shadow root of one `<firstwin-app>`. */
export function mountUI(doc: Document, actions: UIActions, options: UIOptions = {}): UI {
  const { host, root, announce } = mountHost(doc, options);
  const view = doc.createElement('div');
  root.append(view);
  let last: UIState | null = null;
  let wasOpen = false;
  let wasQuiet = false;
  let celebrated = false;
  let stopGuide: (() => void) | undefined;

  const launcher = () => root.querySelector<HTMLElement>('.launcher');
  const draw = () => {
    const state = last && !last.dismissed ? last : null;
    const focusInPanel = Boolean(root.activeElement?.closest('.panel'));
    patch(view, state ? app(state, wrapped) : []);
    const open = Boolean(state?.open);
    const quiet = Boolean(state?.quiet);
    // Opening moves focus in (and so does open() on a panel that had opened by itself);
    // closing from inside hands it back to the launcher.
    if (open && !quiet && (!wasOpen || wasQuiet)) root.getElementById(TITLE_ID)?.focus();
    if (!open && focusInPanel) launcher()?.focus();
    wasOpen = open;
    wasQuiet = quiet;
    if (state?.justCompleted && !celebrated) announce(`${state.checklist.title}: all done`);
    celebrated = Boolean(state?.justCompleted);
  };

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

  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !last?.open) return;
    // Our key press: the page's own Escape handlers (its modals, menus) are not for it.
    e.stopPropagation();
    wrapped.close(true);
    launcher()?.focus();
  };
  view.addEventListener('keydown', onKey);
  // Escape pressed on the page closes the panel too, unless the page used that key itself;
  // it may have been meant for the page (its own dialog), so the panel still opens next time.
  const onPageKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && last?.open && !last.dismissed && !e.defaultPrevented) wrapped.close();
  };
  doc.addEventListener('keydown', onPageKey);

  const hideGuide = () => {
    const stop = stopGuide;
    stopGuide = undefined;
    stop?.();
  };

  return {
    render(state) {
      last = state;
      draw();
    },
    showGuide(item, opts: GuideOptions) {
      hideGuide();
      const end = (fn?: () => void) => () => {
        stopGuide = undefined;
        fn?.();
      };
      stopGuide = showTooltip({ doc, host, root, announce }, item, {
        ...opts,
        onMissing: end(opts.onMissing),
        onClose: end(opts.onClose),
      });
    },
    hideGuide,
    destroy() {
      hideGuide();
      view.removeEventListener('keydown', onKey);
      doc.removeEventListener('keydown', onPageKey);
      host.remove();
    },
  };
}
