import { h } from 'preact';
import type { ChecklistItem } from '../rules/types.js';
import type { Strings } from './strings.js';

/** Definitions are validated upstream; a link is still rendered only if it cannot run script. */
export const safeHref = (href: string | undefined) =>
  href && /^(https?:\/\/|\/(?![/\\])|\.{1,2}\/|[?#])/i.test(href.trim()) ? href : undefined;

interface Props {
  item: ChecklistItem;
  done: boolean;
  index: number;
  /** Counts toward the person's activation, among other items that do not. */
  counts: boolean;
  strings: Strings;
  onComplete(itemId: string): void;
  onGuide(itemId: string): void;
}

/**
 * One checklist row. Event-driven items are read-only checkboxes: only the app's
 * real actions complete them, so a click must not; their button leads to the action.
 * Completion is one-way, so a done manual item cannot be unchecked either.
 */
export function Item({ item, done, index, counts, strings, onComplete, onGuide }: Props) {
  const manual = item.completeOn === 'manual';
  const id = `fw-item-${index}`;
  const href = safeHref(item.href);
  const described = [counts && `${id}-k`, item.description && `${id}-d`].filter(Boolean).join(' ');
  return (
    <li class={[done && 'done', counts && 'key'].filter(Boolean).join(' ') || undefined}>
      <input
        type="checkbox"
        id={id}
        checked={done}
        aria-readonly={manual ? undefined : 'true'}
        aria-describedby={described || undefined}
        onClick={(e) => {
          if (!manual || done) e.preventDefault();
          else onComplete(item.id);
        }}
      />
      <label for={id} id={`${id}-t`}>
        {item.title}
      </label>
      {/* Described by the item's title: a screen reader tabbing from one "Show me" to the next hears which. */}
      {done ? (
        <span />
      ) : item.guide ? (
        <button type="button" class="go" aria-describedby={`${id}-t`} onClick={() => onGuide(item.id)}>
          {strings.showMe}
        </button>
      ) : href ? (
        <a class="go" href={href} aria-describedby={`${id}-t`}>
          {strings.showMe}
        </a>
      ) : (
        <span />
      )}
      {counts && (
        <p class="tag" id={`${id}-k`}>
          {strings.keyStep}
        </p>
      )}
      {item.description && (
        <p class="desc" id={`${id}-d`}>
          {item.description}
        </p>
      )}
    </li>
  );
}
