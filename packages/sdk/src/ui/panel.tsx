// Classic JSX: the script tag then needs no preact/jsx-runtime beside createElement.
/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
import { h } from 'preact';
import type { ItemProgress } from '../rules/types.js';
import { Item } from './item.js';
import type { UIActions, UIState } from './types.js';

export const PANEL_ID = 'fw-panel';
export const TITLE_ID = 'fw-title';

/** Non-modal: the page stays usable beside it, so focus is never trapped here. */
export function Panel({ state, actions, done }: { state: UIState; actions: UIActions; done: number }) {
  const { checklist, progress } = state;
  const total = checklist.items.length;
  const byId = new Map<string, ItemProgress>(progress.items.map((p) => [p.id, p]));
  return (
    <section class="panel" id={PANEL_ID} role="dialog" aria-modal="false" aria-labelledby={TITLE_ID}>
      <div class="head">
        <h2 id={TITLE_ID} tabIndex={-1}>{checklist.title}</h2>
        <button type="button" class="x" aria-label="Close" onClick={actions.close}>×</button>
      </div>
      <p class="progress">{done} of {total}</p>
      <div class="bar" aria-hidden="true"><i style={{ width: `${total ? (done / total) * 100 : 0}%` }} /></div>
      <ul>
        {checklist.items.map((item, i) => (
          <Item key={item.id} item={item} index={i} actions={actions}
            done={byId.get(item.id)?.done ?? false} />
        ))}
      </ul>
      {total && done === total ? (
        <p class={state.justCompleted ? 'all-done just' : 'all-done'}>All done. Nice work!</p>
      ) : null}
      <div class="foot">
        <button type="button" class="dismiss" onClick={actions.dismiss}>Don't show again</button>
      </div>
    </section>
  );
}
