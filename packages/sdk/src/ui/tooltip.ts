import { arrow, autoUpdate, computePosition, flip, offset, shift, type Placement } from '@floating-ui/dom';
import type { ChecklistItem } from '../rules/types.js';
import type { GuideOptions } from './types.js';
import { waitForElement } from './wait-for-element.js';

const SIDE = { top: 'bottom', bottom: 'top', left: 'right', right: 'left' } as const;

/**
 * Shows `item.guide` next to its target once the target exists, and keeps it there
 * through scrolling, resizes and layout shifts. Returns a function that removes it.
 */
export function showTooltip(root: ShadowRoot, item: ChecklistItem, opts: GuideOptions): () => void {
  const doc = root.ownerDocument;
  const guide = item.guide!;
  let stopWaiting = () => {};
  let stopFollowing = () => {};
  let tip: HTMLElement | undefined;
  let closed = false;

  const close = () => {
    if (closed) return;
    closed = true;
    teardown();
    opts.onClose?.();
  };
  const teardown = () => {
    stopWaiting();
    stopFollowing();
    tip?.remove();
    tip = undefined;
  };

  const attach = (target: Element) => {
    tip = doc.createElement('div');
    tip.className = 'tip';
    tip.setAttribute('role', 'tooltip');
    tip.id = 'fw-tip';
    const title = doc.createElement('strong');
    title.textContent = item.title;
    const text = doc.createElement('p');
    text.textContent = guide.text ?? item.description ?? '';
    const ok = doc.createElement('button');
    ok.type = 'button';
    ok.textContent = 'Got it';
    ok.onclick = close;
    const arrowEl = doc.createElement('div');
    arrowEl.className = 'arrow';
    tip.append(title, text, ok, arrowEl);
    // The top layer: above the page's open modal <dialog>s, which would otherwise cover us.
    if ('popover' in tip) tip.setAttribute('popover', 'manual');
    root.append(tip);
    try {
      tip.showPopover?.();
    } catch {
      /* popover unsupported or host detached: fixed positioning still works */
    }
    const reduced = doc.defaultView?.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    target.scrollIntoView?.({ block: 'center', inline: 'nearest', behavior: reduced ? 'auto' : 'smooth' });
    const onTargetClick = () => close();
    target.addEventListener('click', onTargetClick, { capture: true });
    const el = tip;
    const update = () => {
      if (!target.isConnected) {
        // The route changed under us: wait for the target to come back.
        teardown();
        if (!closed) wait();
        return;
      }
      void computePosition(target, el, {
        strategy: 'fixed',
        placement: (guide.placement ?? 'bottom') as Placement,
        middleware: [offset(12), flip(), shift({ padding: 8 }), arrow({ element: arrowEl, padding: 8 })],
      }).then(({ x, y, placement, middlewareData }) => {
        Object.assign(el.style, { left: `${x}px`, top: `${y}px` });
        const side = SIDE[placement.split('-')[0] as keyof typeof SIDE];
        const a = middlewareData.arrow;
        Object.assign(arrowEl.style, {
          left: a?.x != null ? `${a.x}px` : '', top: a?.y != null ? `${a.y}px` : '', right: '', bottom: '', [side]: '-5px',
        });
      });
    };
    const stopAuto = autoUpdate(target, el, update, { animationFrame: false });
    stopFollowing = () => {
      stopAuto();
      target.removeEventListener('click', onTargetClick, { capture: true });
    };
  };

  let reported = false;
  const wait = () => {
    stopWaiting = waitForElement(doc, guide.target, opts.timeoutMs ?? 10_000, (el) => {
      if (closed) return;
      if (el) return attach(el);
      closed = true;
      if (!reported) opts.onMissing();
      reported = true;
    });
  };
  wait();
  return close;
}
