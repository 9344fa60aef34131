import { h, type ComponentChild } from 'preact';
import { Item } from './item.js';
import { fill, type Strings } from './strings.js';
import type { UIActions, UIState } from './types.js';

export const TITLE_ID = 'fw-title';

interface Props {
  state: UIState;
  actions: UIActions;
  strings: Strings;
  account?: ComponentChild;
}

/** Non-modal: the page stays usable beside it, so focus is never trapped here. */
export function Panel({ state, actions, strings, account }: Props) {
  const { checklist, progress } = state;
  const doneIds = new Set(progress.items.filter((p) => p.done).map((p) => p.id));
  const total = checklist.items.length;
  const done = checklist.items.filter((item) => doneIds.has(item.id)).length;
  // Only a checklist whose activation is some of its items says which ones count.
  const keys = new Set(checklist.activation ?? []);
  const marked = keys.size > 0 && checklist.items.some((item) => !keys.has(item.id));
  const left = checklist.items.filter((item) => keys.has(item.id) && !doneIds.has(item.id)).length;
  return (
    <section class="panel" role="dialog" aria-modal="false" aria-labelledby={TITLE_ID}>
      <div class="head">
        <h2 id={TITLE_ID} tabIndex={-1}>
          {checklist.title}
        </h2>
        <button type="button" class="x" aria-label={strings.close} onClick={() => actions.close(true)}>
          ×
        </button>
      </div>
      <p class="progress">{fill(strings.progress, { n: done, m: total })}</p>
      <div class="bar" aria-hidden="true">
        <i style={{ width: `${total ? (done / total) * 100 : 0}%` }} />
      </div>
      {marked &&
        (left ? (
          <p class="win">{left === 1 ? strings.stepLeft : fill(strings.stepsLeft, { n: left })}</p>
        ) : (
          <p class="win won">{strings.firstWin}</p>
        ))}
      {account}
      <ul>
        {checklist.items.map((item, index) => (
          <Item
            key={item.id}
            item={item}
            index={index}
            done={doneIds.has(item.id)}
            counts={marked && keys.has(item.id)}
            strings={strings}
            onComplete={actions.complete}
            onGuide={actions.startGuide}
          />
        ))}
      </ul>
      {total > 0 && done === total && <p class={state.justCompleted ? 'all-done just' : 'all-done'}>{strings.allDone}</p>}
      <div class="foot">
        <button type="button" class="dismiss" onClick={actions.dismiss}>
          {strings.dismiss}
        </button>
      </div>
    </section>
  );
}
