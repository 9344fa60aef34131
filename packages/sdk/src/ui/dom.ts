type Attrs = { onclick?: (e: MouseEvent) => void } & Record<string, string | number | boolean | null | undefined | ((e: MouseEvent) => void)>;

/**
 * `h('button', { class: 'x', onclick }, '×')`: a new element. `null` and `undefined`
 * leave an attribute out, booleans are written out (`aria-expanded="false"`);
 * `checked` and `onclick` (the one handler the UI uses, and the one `patch` carries over)
 * are properties, the state no attribute carries.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K, attrs: Attrs | null, ...children: Array<Node | string | null>
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (name === 'onclick' || name === 'checked') Object.assign(el, { [name]: value });
    else if (value != null) el.setAttribute(name, String(value));
  }
  el.append(...children.filter((child) => child !== null));
  return el;
}

/**
 * Makes `parent`'s children look like `next`, fresh from `h`. Each old node is kept,
 * updated, if it has the tag of the next new one (nodes skipped on the way are gone):
 * focus, a checkbox's state and running animations survive a redraw.
 */
export function patch(parent: Node, next: Node[]): void {
  let old = parent.firstChild;
  const dropUntil = (keep: ChildNode | null) => {
    while (old && old !== keep) {
      const gone: ChildNode = old;
      old = gone.nextSibling;
      gone.remove();
    }
  };
  for (const node of next) {
    let same = old;
    while (same && same.nodeName !== node.nodeName) same = same.nextSibling;
    if (!same) {
      parent.insertBefore(node, old);
      continue;
    }
    dropUntil(same);
    old = same.nextSibling;
    update(same, node);
  }
  dropUntil(null);
}

function update(old: ChildNode, node: Node) {
  if (!(old instanceof HTMLElement && node instanceof HTMLElement)) {
    if (old.nodeValue !== node.nodeValue) old.nodeValue = node.nodeValue;
    return;
  }
  for (const { name } of [...old.attributes]) if (!node.hasAttribute(name)) old.removeAttribute(name);
  for (const { name, value } of node.attributes) {
    if (name !== 'style' && old.getAttribute(name) !== value) old.setAttribute(name, value);
  }
  // Through CSSOM: a strict CSP refuses style attributes.
  if (old.style.cssText !== node.style.cssText) old.style.cssText = node.style.cssText;
  old.onclick = node.onclick;
  if (old instanceof HTMLInputElement) old.checked = (node as HTMLInputElement).checked;
  patch(old, [...node.childNodes]);
}
