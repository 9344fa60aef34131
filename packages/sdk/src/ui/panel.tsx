import type { UIActions, UIState } from './types.js';
import { Item } from './item.js';

export function Panel({ state, actions, done }: { state: UIState; actions: UIActions; done: number }) {
  const { checklist, progress } = state;
  const total = checklist.items.length;
  return (
    <section class="panel" id="fw-panel" role="dialog" aria-modal="false" aria-labelledby="fw-title">
      <div class="head">
        <h2 id="fw-title" tabIndex={-1}>{checklist.title}</h2>
        <button type="button" class="x" aria-label="Close" onClick={actions.close}>×</button>
      </div>
      <p class="progress">{done} of {total}</p>
      <div class="bar" aria-hidden="true"><i style={{ width: `${(done / total) * 100}%` }} /></div>
      <ul>
        {checklist.items.map((item, i) => (
          <Item key={item.id} item={item} index={i} actions={actions}
            state={progress.items[i] ?? { id: item.id, done: false, completedAt: null }} />
        ))}
      </ul>
      {done === total ? <p class="all-done" role="status">All done. Nice work!</p> : null}
      <div class="foot">
        <button type="button" class="dismiss" onClick={actions.dismiss}>Don't show again</button>
      </div>
    </section>
  );
}
