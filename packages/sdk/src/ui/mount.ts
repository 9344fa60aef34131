import type { UIOptions } from './types.js';

const TAG = 'firstwin-app';

/**
 * The one `<firstwin-app>` host and its open shadow root. No custom element is
 * defined, so loading the SDK twice cannot throw on a second `customElements.define`.
 */
export function mountHost(doc: Document, options: UIOptions) {
  // A second SDK copy on the page takes the first one's place rather than adding another.
  doc.querySelector(TAG)?.remove();
  const host = doc.createElement(TAG);
  const root = host.attachShadow({ mode: 'open' });
  const added = new Set<string>();
  // Each text once: the guide's CSS comes with its code, the first time a guide shows (the
  // UI's own comes through its loader, src/ui/mount-ui.tsx).
  const addStyles = (text: string) => {
    if (!added.has(text)) adoptStyles(doc, root, text, options.nonce);
    added.add(text);
  };
  for (const [name, value] of Object.entries(options.theme ?? {})) {
    // Only custom properties: a theme must not be a way to restyle the host itself.
    const prop = name.startsWith('--') ? name : /^[a-z][a-z-]*$/.test(name) ? `--firstwin-${name}` : '';
    if (prop) host.style.setProperty(prop, value);
  }
  if (options.locale) host.lang = options.locale;
  // Screen readers hear guides and the completion moment through this one live region.
  const status = doc.createElement('div');
  status.className = 'sr';
  status.setAttribute('role', 'status');
  root.append(status);
  doc.body.append(host);
  return { host, root, addStyles, announce: (text: string) => void (status.textContent = text) };
}

/**
 * A constructable stylesheet needs no `unsafe-inline` under a strict CSP; the `<style>`
 * fallback (old Safari) does, unless the page gives us its nonce.
 */
function adoptStyles(doc: Document, root: ShadowRoot, text: string, nonce: string | undefined) {
  const Sheet = doc.defaultView?.CSSStyleSheet;
  if (Sheet && 'adoptedStyleSheets' in root && 'replaceSync' in Sheet.prototype) {
    const sheet = new Sheet();
    sheet.replaceSync(text);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return;
  }
  const style = doc.createElement('style');
  if (nonce) style.nonce = nonce;
  style.textContent = text;
  root.prepend(style);
}
