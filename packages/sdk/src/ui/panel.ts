import type { ItemProgress } from '../rules/types.js';
import { h } from './dom.js';
import { Item } from './item.js';
import type { UIActions, UIState } from './types.js';

export const TITLE_ID = 'fw-title';

/** Non-modal: the page stays usable beside it, so focus is never trapped here. */
export function Panel({ state, actions, done }: { state: UIState; actions: UIActions; done: number }) {
  const { checklist, progress } = state;
  const total = checklist.items.length;
  const byId = new Map<string, ItemProgress>(progress.items.map((p) => [p.id, p]));
  const fill = h('i', null);
  fill.style.width = `${total ? (done / total) * 100 : 0}%`;
  return h('section', { class: 'panel', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': TITLE_ID },
    h('div', { class: 'head' },
      h('h2', { id: TITLE_ID, tabindex: -1 }, checklist.title),
      h('button', { type: 'button', class: 'x', 'aria-label': 'Close', onclick: () => actions.close(true) }, '×')),
    h('p', { class: 'progress' }, `${done} of ${total}`),
    h('div', { class: 'bar', 'aria-hidden': 'true' }, fill),
    h('ul', null, ...checklist.items.map((item, index) =>
      Item({ item, index, actions, done: byId.get(item.id)?.done ?? false }))),
    total && done === total
      ? h('p', { class: state.justCompleted ? 'all-done just' : 'all-done' }, 'All done. Nice work!')
      : null,
    h('div', { class: 'foot' },
      h('button', { type: 'button', class: 'dismiss', onclick: actions.dismiss }, "Don't show again")));
}
