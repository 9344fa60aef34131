import { h, type ComponentChild } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { Launcher } from './launcher.js';
import { Panel, TITLE_ID } from './panel.js';
import { fill, type Strings } from './strings.js';
import type { UIActions, UIState } from './types.js';

interface Props {
  /** `null`: nothing to show. */
  state: UIState | null;
  actions: UIActions;
  strings: Strings;
  root: ShadowRoot;
  announce(text: string): void;
  /** The account block, once read (a checklist with showAccountProgress). */
  account?: ComponentChild;
}

/** The panel while it is open (it says all the launcher would), else the launcher; focus and Escape for both. */
export function App({ state, actions, strings, root, announce, account }: Props) {
  const open = Boolean(state?.open);
  const quiet = Boolean(state?.quiet);
  const latest = useRef({ open, actions });
  latest.current = { open, actions };
  const was = useRef({ open: false, quiet: false, celebrated: false });
  // Read before this render commits: a panel on its way out takes the focus with it.
  const focusInPanel = Boolean(root.activeElement?.closest('.panel'));

  useLayoutEffect(() => {
    const prev = was.current;
    // Opening moves focus in (and so does open() on a panel that had opened by itself);
    // closing from inside hands it back to the launcher.
    if (open && !quiet && (!prev.open || prev.quiet)) root.getElementById(TITLE_ID)?.focus();
    if (!open && focusInPanel) root.querySelector<HTMLElement>('.launcher')?.focus();
    const celebrate = Boolean(state?.justCompleted);
    if (celebrate && !prev.celebrated) announce(fill(strings.announceDone, { title: state!.checklist.title }));
    was.current = { open, quiet, celebrated: celebrate };
  });

  useLayoutEffect(() => {
    const doc = root.ownerDocument;
    // Our key press: the page's own Escape handlers (its modals, menus) are not for it.
    const inside = (e: Event) => {
      const key = e as KeyboardEvent;
      if (key.key !== 'Escape' || !latest.current.open) return;
      key.stopPropagation();
      latest.current.actions.close(true);
    };
    // Escape pressed on the page closes the panel too, unless the page used that key itself;
    // it may have been meant for the page (its own dialog), so the panel still opens next time.
    const outside = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && latest.current.open && !e.defaultPrevented) latest.current.actions.close();
    };
    root.addEventListener('keydown', inside);
    doc.addEventListener('keydown', outside);
    return () => {
      root.removeEventListener('keydown', inside);
      doc.removeEventListener('keydown', outside);
    };
  }, [root]);

  if (!state) return null;
  if (open) return <Panel state={state} actions={actions} strings={strings} account={account} />;
  const done = state.progress.items.filter((p) => p.done && state.checklist.items.some((i) => i.id === p.id)).length;
  return (
    <Launcher
      title={state.checklist.title}
      done={done}
      total={state.checklist.items.length}
      celebrate={Boolean(state.justCompleted)}
      strings={strings}
      onClick={actions.open}
    />
  );
}
