import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/**
 * The page's heading, focused when the page opens so a keyboard or screen-reader user
 * starts there after following a link, and the document title to match.
 */
export function PageTitle({ title, children }: { title: string; children?: ComponentChildren }) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Firstwin`;
    h1.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <h1 ref={h1} tabIndex={-1}>
      {children ?? title}
    </h1>
  );
}
