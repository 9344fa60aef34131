import { arrow, autoUpdate, computePosition, flip, hide, offset, shift } from '@floating-ui/dom';
import type { Placement } from '../rules/types.js';

const OPPOSITE = { top: 'bottom', bottom: 'top', left: 'right', right: 'left' } as const;

/**
 * Keeps `tip` beside `target` through scrolling (in any scroll container), resizes
 * and layout shifts. `strategy: 'fixed'` because the tip is in the top layer or our
 * fixed host, never in the target's stacking context. Returns the stop function.
 */
export function follow(target: Element, tip: HTMLElement, arrowEl: HTMLElement, placement: Placement = 'bottom'): () => void {
  let stopped = false;
  const update = () => {
    void computePosition(target, tip, {
      strategy: 'fixed',
      placement,
      middleware: [offset(12), flip({ padding: 8 }), shift({ padding: 8 }), arrow({ element: arrowEl, padding: 8 }), hide()],
    }).then(({ x, y, placement: side, middlewareData }) => {
      if (stopped) return;
      // Scrolled out of its container, or display:none: pointing at nothing would mislead.
      const hidden = middlewareData.hide?.referenceHidden || target.getClientRects().length === 0;
      Object.assign(tip.style, { left: `${x}px`, top: `${y}px`, visibility: hidden ? 'hidden' : '' });
      const a = middlewareData.arrow;
      Object.assign(arrowEl.style, {
        left: a?.x != null ? `${a.x}px` : '',
        top: a?.y != null ? `${a.y}px` : '',
        right: '',
        bottom: '',
        [OPPOSITE[side.split('-')[0] as keyof typeof OPPOSITE]]: '-5px',
      });
    });
  };
  const stop = autoUpdate(target, tip, update);
  return () => {
    stopped = true;
    stop();
  };
}
