import { css } from './styles.js';

const TAG = 'firstwin-app';

/**
 * The one `<firstwin-app>` host and its open shadow root. Styles are adopted as a
 * constructable stylesheet, which a strict CSP allows without `unsafe-inline`.
 */
export function mountHost(doc: Document, options: { theme?: Record<string, string>; nonce?: string }) {
  // A second SDK copy on the page takes over the first one's host instead of adding another.
  doc.querySelector(TAG)?.remove();
  const host = doc.createElement(TAG);
  const root = host.attachShadow({ mode: 'open' });
  const win = doc.defaultView as (Window & typeof globalThis) | null;
  if (win?.CSSStyleSheet && 'adoptedStyleSheets' in root && 'replaceSync' in win.CSSStyleSheet.prototype) {
    const sheet = new win.CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } else {
    const style = doc.createElement('style');
    if (options.nonce) style.nonce = options.nonce;
    style.textContent = css;
    root.append(style);
  }
  for (const [name, value] of Object.entries(options.theme ?? {})) {
    if (name.startsWith('--')) host.style.setProperty(name, value);
  }
  doc.body.append(host);
  return { host, root };
}
