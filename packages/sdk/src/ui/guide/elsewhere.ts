import { PENDING_GUIDE } from '../pending-guide.js';

/**
 * The panel's "Show me" for a target on another page: with the target absent here and the
 * item's `href` on another page of this origin, go there; that page's identify() resumes
 * the guide. Here, in the guide code, because only a started guide needs it. Returns
 * false when there is nowhere to go (the guide then waits on this page).
 */
export function guideElsewhere(doc: Document, target: string, href: string | undefined, itemId: string): boolean {
  const { location } = doc.defaultView!;
  let here: Element | null = null;
  try {
    here = doc.querySelector(target);
  } catch {
    return false;
  }
  if (here || !href) return false;
  const dest = new URL(href, location.href);
  if (dest.origin !== location.origin || dest.pathname === location.pathname) return false;
  sessionStorage.setItem(PENDING_GUIDE, itemId);
  location.assign(dest.href);
  return true;
}
