import { h, render } from 'preact';
import type { ChecklistItem } from '../../rules/types.js';
import type { GuideHost, GuideOptions } from '../types.js';
import { guideElsewhere } from './elsewhere.js';
import { css } from './styles.js';
import { Tooltip } from './tooltip.js';
import { waitForElement } from './wait-for-element.js';

/** The open modal `<dialog>` holding `el`, whose top layer and inertness would hide and block us. */
const modalOf = (el: Element): HTMLDialogElement | null => {
  const dialog = el.closest('dialog');
  if (!dialog?.open) return null;
  try {
    return dialog.matches(':modal') ? dialog : null;
  } catch {
    return null; // no :modal support: no top layer to escape either
  }
};

/**
 * Shows `item.guide` beside its target once the target exists, and waits again if a
 * route change removes it. Every guide ends with exactly one of `onMissing` (never
 * found) or `onClose`. Returns a function that ends it.
 */
export function showGuide(
  { doc, host, root, strings, announce, addStyles }: GuideHost,
  item: ChecklistItem,
  opts: GuideOptions,
): () => void {
  const guide = item.guide;
  // The page is going away: nothing to show or end here.
  if (opts.follow && guide && guideElsewhere(doc, guide.target, item.href, item.id)) return () => {};
  addStyles(css);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  let stopWaiting = () => {};
  let detach = () => {};
  let found = false;
  let ended = false;

  const end = (missing: boolean) => {
    if (ended) return;
    ended = true;
    stopWaiting();
    detach();
    if (missing) opts.onMissing();
    else opts.onClose?.();
  };
  const close = () => end(false);

  const wait = () => {
    stopWaiting = waitForElement(doc, guide?.target ?? '', timeoutMs, (target) => {
      if (ended) return;
      // Found once and gone for good (the person left that page): the guide is over.
      if (!target) return end(!found);
      found = true;
      attach(target);
    });
  };

  const attach = (target: Element) => {
    const text = guide?.text ?? item.description;
    /*
     * A modal <dialog> makes everything outside it inert (even a top-layer popover can
     * then be neither clicked nor focused), so for a target inside one the host moves
     * into the dialog until the guide ends; the tip, a popover shown last, is painted above it.
     */
    const dialog = modalOf(target);
    if (dialog) {
      host.toggleAttribute('data-in-dialog', true);
      dialog.append(host);
    }
    const box = doc.createElement('div');
    root.append(box);
    render(
      <Tooltip
        target={target}
        placement={guide?.placement ?? 'bottom'}
        title={item.title}
        text={text}
        gotIt={strings.gotIt}
        onClose={close}
      />,
      box,
    );
    const tip = box.firstElementChild as HTMLElement;

    const reduced = doc.defaultView?.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    target.scrollIntoView?.({ block: 'center', inline: 'nearest', behavior: reduced ? 'auto' : 'smooth' });
    // Screen readers hear the guide where focus goes: on the target, or on "Got it". Only
    // when focus stays elsewhere on the page does the live region say it (a second copy).
    const said = text ? `${item.title}. ${text}` : item.title;
    const described = target.getAttribute('aria-description');
    target.setAttribute('aria-description', said);

    // Focus lost with the panel that launched us goes to the thing to do, if it can take it.
    const active = doc.activeElement;
    if (!active || active === doc.body || active === host) {
      (target as HTMLElement).focus?.({ preventScroll: true });
      if (doc.activeElement !== target) tip.querySelector<HTMLElement>('.tip-close')?.focus({ preventScroll: true });
    } else {
      announce(said);
    }

    // `close` is queued: one from before a quick close-and-reopen must not end this guide.
    const onDialogClose = () => dialog?.open || close();
    // A route change removed the target: hide, then wait for it to come back.
    const gone = new MutationObserver(() => {
      if (target.isConnected) return;
      detach();
      wait();
    });
    gone.observe(doc.documentElement, { childList: true, subtree: true });
    dialog?.addEventListener('close', onDialogClose);

    detach = () => {
      detach = () => {};
      // Focus on "Got it" would fall to <body> with the tip: the target is where it belongs.
      const hadFocus = tip.contains(root.activeElement);
      gone.disconnect();
      dialog?.removeEventListener('close', onDialogClose);
      render(null, box);
      box.remove();
      announce('');
      if (described === null) target.removeAttribute('aria-description');
      else target.setAttribute('aria-description', described);
      if (dialog) {
        host.removeAttribute('data-in-dialog');
        if (host.parentNode === dialog || !host.isConnected) doc.body.append(host);
      }
      if (hadFocus && target.isConnected) (target as HTMLElement).focus?.({ preventScroll: true });
    };
  };

  wait();
  return close;
}
