import { Panel } from './panel.js';
import type { UIActions, UIState } from './types.js';

export function App({ state, actions }: { state: UIState; actions: UIActions }) {
  const done = state.progress.items.filter((i) => i.done).length;
  const total = state.checklist.items.length;
  return (
    <>
      {state.open ? <Panel state={state} actions={actions} done={done} /> : null}
      <button
        type="button"
        class="launcher"
        aria-expanded={state.open}
        aria-controls="fw-panel"
        onClick={state.open ? actions.close : actions.open}
      >
        <span>{state.checklist.title}</span>
        <span class="count">{done} of {total}</span>
      </button>
    </>
  );
}
