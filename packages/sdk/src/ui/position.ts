import type { Placement } from '../rules/types.js';

const OPPOSITE = { top: 'bottom', bottom: 'top', left: 'right', right: 'left' } as const;
type Side = keyof typeof OPPOSITE;
type Align = 'start' | 'end' | undefined;
interface Box { top: number; right: number; bottom: number; left: number }

/** Between the tip and its target. */
const GAP = 12;
/** Kept free at the viewport's edges, and between the arrow and the tip's corners. */
const PAD = 8;

const clamp = (value: number, min: number, max: number) => Math.max(min, Math.min(value, max));
const isVertical = (side: Side) => side === 'top' || side === 'bottom';

/** The tip's top-left corner for `side`-`align` of the target box `t`, for a tip of `w` × `h`. */
function corner(t: DOMRect, w: number, h: number, side: Side, align: Align) {
  // Along the side: centred, or flush with the target's start or end edge.
  const along = (start: number, length: number, size: number) =>
    align === 'start' ? start : align === 'end' ? start + length - size : start + (length - size) / 2;
  return isVertical(side)
    ? { x: along(t.left, t.width, w), y: side === 'top' ? t.top - GAP - h : t.bottom + GAP }
    : { x: side === 'left' ? t.left - GAP - w : t.right + GAP, y: along(t.top, t.height, h) };
}

/**
 * Where `el` can be seen: the viewport cut by each ancestor that clips its overflow.
 * Ancestors of a fixed box do not clip it, nor do inline boxes, nor `<body>` (its
 * overflow is the viewport's).
 */
function visibleArea(el: Element, width: number, height: number): Box {
  const area = { top: 0, left: 0, bottom: height, right: width };
  for (let box: Element | null = el; box && box !== el.ownerDocument.body; box = box.parentElement) {
    const style = getComputedStyle(box);
    if (box !== el && style.overflow !== 'visible' && !/^(inline|contents)$/.test(style.display)) {
      const { top, left } = box.getBoundingClientRect();
      area.top = Math.max(area.top, top + box.clientTop);
      area.left = Math.max(area.left, left + box.clientLeft);
      area.bottom = Math.min(area.bottom, top + box.clientTop + box.clientHeight);
      area.right = Math.min(area.right, left + box.clientLeft + box.clientWidth);
    }
    if (style.position === 'fixed') break;
  }
  return area;
}

/**
 * Keeps `tip` beside `target` through scrolling (in any scroll container), resizes
 * and layout shifts. Fixed positioning, because the tip is in the top layer or in our
 * fixed host, never in the target's stacking context. Returns the stop function.
 */
export function follow(target: Element, tip: HTMLElement, arrowEl: HTMLElement, placement: Placement = 'bottom'): () => void {
  const doc = target.ownerDocument;
  const win = doc.defaultView!;
  const [side, align] = placement.split('-') as [Side, Align];
  const other: Align = align && (align === 'start' ? 'end' : 'start');
  const vertical = isVertical(side);

  const update = () => {
    const t = target.getBoundingClientRect();
    const { clientWidth: vw, clientHeight: vh } = doc.documentElement;
    // Unrounded, unlike offsetWidth; the entry animation only translates the tip.
    const { width: w, height: h } = tip.getBoundingClientRect();
    // Along a horizontal edge, start and end follow the writing direction.
    const rtl = vertical && getComputedStyle(tip).direction === 'rtl';

    // The first placement that fits inside the padded viewport, else the one cut least:
    // the side asked for, then the other alignment, then the opposite side.
    let best = { x: 0, y: 0, side, cut: Infinity };
    for (const [s, a] of [[side, align], [side, other], [OPPOSITE[side], align], [OPPOSITE[side], other]] as const) {
      const { x, y } = corner(t, w, h, s, rtl ? (a === 'start' ? 'end' : a && 'start') : a);
      const beyond = { top: PAD - y, left: PAD - x, bottom: y + h - vh + PAD, right: x + w - vw + PAD };
      // An aligned tip may also stick out at either end of its side.
      const ends: Side[] = !a ? [] : vertical ? ['left', 'right'] : ['top', 'bottom'];
      const cut = [s, ...ends].reduce((sum, k) => sum + Math.max(0, beyond[k]), 0);
      if (cut < best.cut) best = { x, y, side: s, cut };
      if (!cut) break;
    }

    // Slide along the side to stay on screen; the arrow points at the target's centre.
    let x = vertical ? clamp(best.x, PAD, vw - PAD - w) : best.x;
    let y = vertical ? best.y : clamp(best.y, PAD, vh - PAD - h);
    const size = vertical ? arrowEl.offsetWidth : arrowEl.offsetHeight;
    const centre = vertical ? t.left + t.width / 2 - x - size / 2 : t.top + t.height / 2 - y - size / 2;
    const at = clamp(centre, PAD, (vertical ? w : h) - size - PAD);
    // Flush with a target too small for the arrow to reach: move over until it does.
    if (align && (vertical ? t.width : t.height) / 2 < PAD + size / 2) {
      if (vertical) x += centre - at;
      else y += centre - at;
    }

    // Scrolled out of its container, or display:none: pointing at nothing would mislead.
    const area = visibleArea(target, vw, vh);
    const hidden = !target.getClientRects().length
      || t.bottom <= area.top || t.top >= area.bottom || t.right <= area.left || t.left >= area.right;
    Object.assign(tip.style, { left: `${x}px`, top: `${y}px`, visibility: hidden ? 'hidden' : '' });
    Object.assign(arrowEl.style, {
      left: vertical ? `${at}px` : '',
      top: vertical ? '' : `${at}px`,
      right: '',
      bottom: '',
      [OPPOSITE[best.side]]: '-5px',
    });
  };

  update();
  // Capture: scroll events do not bubble, but every container's passes the window first.
  const scroll = { capture: true, passive: true };
  win.addEventListener('scroll', update, scroll);
  win.addEventListener('resize', update);
  const resized = new ResizeObserver(update);
  resized.observe(target);
  resized.observe(tip);
  // Content added or restyled around the target moves it without any scroll or resize.
  // A busy page mutates many times a frame: measure once per frame, not once per change.
  let frame = 0;
  const shifted = new MutationObserver(() => {
    frame ||= win.requestAnimationFrame(() => {
      frame = 0;
      update();
    });
  });
  shifted.observe(doc.documentElement, { childList: true, subtree: true, attributes: true, characterData: true });
  return () => {
    win.removeEventListener('scroll', update, scroll);
    win.removeEventListener('resize', update);
    resized.disconnect();
    shifted.disconnect();
    win.cancelAnimationFrame(frame);
  };
}
