import { arrow, autoUpdate, computePosition, flip, hide, offset, shift, type Placement } from '@floating-ui/dom';
import { h } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

interface Props {
  target: Element;
  placement: Placement;
  title: string;
  text: string | undefined;
  gotIt: string;
  /** "Got it", Escape, or the person doing the thing (a click on the target). */
  onClose(): void;
}

const OPPOSITE = { top: 'bottom', bottom: 'top', left: 'right', right: 'left' } as const;

/**
 * A guide's bubble: a non-modal dialog beside its target, placed by Floating UI (12 px
 * away, flipped and shifted 8 px inside the viewport, the arrow at the target, hidden
 * while the target is scrolled out of its container) and kept there by `autoUpdate`.
 * Fixed, and a manual popover where the browser has them: in the top layer it is above
 * any z-index of the page and escapes a modal dialog's overflow and transforms.
 */
export function Tooltip({ target, placement, title, text, gotIt, onClose }: Props) {
  const tipRef = useRef<HTMLDivElement>(null);
  const arrowRef = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const tip = tipRef.current!;
    const pointer = arrowRef.current!;
    if ('popover' in tip) {
      tip.popover = 'manual';
      try {
        tip.showPopover();
      } catch {
        tip.removeAttribute('popover'); // cannot enter the top layer: plain fixed positioning
      }
    }
    const place = () =>
      computePosition(target, tip, {
        strategy: 'fixed',
        placement,
        middleware: [offset(12), flip({ padding: 8 }), shift({ padding: 8 }), arrow({ element: pointer, padding: 8 }), hide()],
      }).then(({ x, y, placement: where, middlewareData }) => {
        const at = middlewareData.arrow;
        Object.assign(tip.style, { left: `${x}px`, top: `${y}px`, visibility: middlewareData.hide?.referenceHidden ? 'hidden' : '' });
        Object.assign(pointer.style, {
          left: at?.x == null ? '' : `${at.x}px`,
          top: at?.y == null ? '' : `${at.y}px`,
          right: '',
          bottom: '',
          [OPPOSITE[where.split('-')[0] as keyof typeof OPPOSITE]]: '-5px',
        });
      });
    return autoUpdate(target, tip, place);
  }, [target, placement]);

  useLayoutEffect(() => {
    const doc = target.ownerDocument;
    const host = (tipRef.current!.getRootNode() as ShadowRoot).host;
    const close = () => onClose();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      // From inside our UI the panel must not also take this Escape; from the page, the
      // page may still need it (its dialog closes too), so it is left to propagate.
      if (e.composedPath().includes(host)) e.stopPropagation();
      onClose();
    };
    target.addEventListener('click', close, true);
    doc.addEventListener('keydown', onKey, true);
    return () => {
      target.removeEventListener('click', close, true);
      doc.removeEventListener('keydown', onKey, true);
    };
  }, [target, onClose]);

  return (
    <div
      ref={tipRef}
      class="tip"
      id="fw-tip"
      role="dialog"
      aria-modal="false"
      aria-labelledby="fw-tip-title"
      aria-describedby={text ? 'fw-tip-text' : undefined}
    >
      <h2 id="fw-tip-title">{title}</h2>
      {text && <p id="fw-tip-text">{text}</p>}
      <button type="button" class="tip-close" onClick={onClose}>
        {gotIt}
      </button>
      <div ref={arrowRef} class="arrow" />
    </div>
  );
}
