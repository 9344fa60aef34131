// Classic JSX: the script tag then needs no preact/jsx-runtime beside createElement.
/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
import { h } from 'preact';
import type { ChecklistItem } from '../rules/types.js';
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
  return (
    <li class={done ? 'done' : undefined}>
      <input
        type="checkbox"
        id={id}
        checked={done}
        aria-readonly={manual ? undefined : 'true'}
        aria-describedby={item.description ? `${id}-d` : undefined}
        onClick={(e) => {
          if (!manual || done) e.preventDefault();
          else actions.complete(item.id);
        }}
      />
      <label for={id}>{item.title}</label>
      {done ? <span /> : item.guide ? (
        <button type="button" class="go" onClick={() => actions.startGuide(item.id)}>Show me</button>
      ) : href ? (
        <a class="go" href={href}>Show me</a>
      ) : <span />}
      {item.description ? <p class="desc" id={`${id}-d`}>{item.description}</p> : null}
    </li>
  );
}
