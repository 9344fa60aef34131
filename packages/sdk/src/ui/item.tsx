import type { ChecklistItem, ItemProgress } from '../rules/types.js';
import type { UIActions } from './types.js';

/** Definitions are validated, but a link is rendered only if it cannot run script. */
const safeHref = (href: string | undefined) => (href && /^(https?:\/\/|\/(?![/\\])|\.{1,2}\/|[?#])/i.test(href) ? href : undefined);

/**
 * One checklist row. Event-driven items are read-only checkboxes: the app's real
 * actions complete them, so a click must not; their button leads to the action.
 */
export function Item({ item, state, index, actions }: { item: ChecklistItem; state: ItemProgress; index: number; actions: UIActions }) {
  const manual = item.completeOn === 'manual';
  const id = `fw-item-${index}`;
  const href = safeHref(item.href);
  return (
    <li class={state.done ? 'done' : undefined}>
      <input
        type="checkbox"
        id={id}
        checked={state.done}
        aria-readonly={manual ? undefined : 'true'}
        aria-describedby={item.description ? `${id}-d` : undefined}
        onClick={(e) => {
          if (!manual || state.done) e.preventDefault();
          else actions.complete(item.id);
        }}
      />
      <label for={id}>{item.title}</label>
      {!state.done && item.guide ? (
        <button type="button" class="go" onClick={() => actions.startGuide(item.id)}>Show me</button>
      ) : !state.done && href ? (
        <a class="go" href={href}>Go</a>
      ) : <span />}
      {item.description ? <p class="desc" id={`${id}-d`}>{item.description}</p> : null}
    </li>
  );
}
