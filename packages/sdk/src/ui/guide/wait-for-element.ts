/**
 * Resolves with the first element matching `selector`, waiting for single-page apps
 * that render late or change routes; resolves null after `timeoutMs` or for a
 * selector that cannot match anything. Returns a cancel function.
 */
export function waitForElement(doc: Document, selector: string, timeoutMs: number, done: (el: Element | null) => void): () => void {
  const find = (): Element | null | undefined => {
    try {
      return doc.querySelector(selector);
    } catch {
      return undefined; // not a valid selector: it will never appear
    }
  };
  const now = find();
  if (now !== null) {
    done(now ?? null);
    return () => {};
  }
  let finished = false;
  const cancel = () => {
    finished = true;
    observer.disconnect();
    clearTimeout(timer);
  };
  const finish = (el: Element | null) => {
    if (finished) return;
    cancel();
    done(el);
  };
  const observer = new MutationObserver(() => {
    const el = find();
    if (el) finish(el);
  });
  observer.observe(doc.documentElement, { childList: true, subtree: true, attributes: true });
  const timer = setTimeout(() => finish(null), timeoutMs);
  return cancel;
}
