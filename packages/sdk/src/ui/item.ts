import type { ChecklistItem } from '../rules/types.js';
import { h } from './dom.js';
import type { UIActions } from './types.js';

/** Definitions are validated upstream; a link is still rendered only if it cannot run script. */
export const safeHref = (href: string | undefined) =>
  href && /^(https?:\/\/|\/(?![/\\])|\.{1,2}\/|[?#])/i.test(href.trim()) ? href : undefined;

interface Props {
  item: ChecklistItem;
  done: boolean;
  index: number;
  actions: UIActions;
}

/**
 * One checklist row. Event-driven items are read-only checkboxes: only the app's
 * real actions complete them, so a click must not; their button leads to the action.
 * Completion is one-way, so a done manual item cannot be unchecked either.
 */
export function Item({ item, done, index, actions }: Props) {
  const manual = item.completeOn === 'manual';
  const id = `fw-item-${index}`;
  const href = safeHref(item.href);
  return h('li', { class: done ? 'done' : null },
    h('input', {
      type: 'checkbox',
      id,
      checked: done,
      'aria-readonly': manual ? null : 'true',
      'aria-describedby': item.description ? `${id}-d` : null,
      onclick: (e) => {
        if (!manual || done) e.preventDefault();
        else actions.complete(item.id);
      },
    }),
    h('label', { for: id, id: `${id}-t` }, item.title),
    // Described by the item's title: a screen reader tabbing from one "Show me" to the next hears which.
    done ? h('span', null)
      : item.guide ? h('button', { type: 'button', class: 'go', 'aria-describedby': `${id}-t`, onclick: () => actions.startGuide(item.id) }, 'Show me')
        : href ? h('a', { class: 'go', href, 'aria-describedby': `${id}-t` }, 'Show me')
          : h('span', null),
    item.description ? h('p', { class: 'desc', id: `${id}-d` }, item.description) : null);
}
