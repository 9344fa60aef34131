// The app's real actions, page by page. Each does its work first, then reports the
// activation event it is to Firstwin: the checklist follows what people really do.
import { record } from './activity.js';
import { GUIDED_DEAL, STAGES, customers, deals, reps } from './data.js';
import { currentPersona } from './session.js';
import { load, save } from './store.js';

const track = (event, properties) => window.Firstwin.track(event, properties);
function build(tag, props, children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function emptyRow(list, text) {
  if (list.children.length) return;
  list.append(build('li', { className: 'empty' }, [text]));
}

export function dealsTable(table) {
  const stages = load('stages', {});
  const stageOf = (deal) => stages[deal.id] ?? deal.stage;
  const row = (deal) => {
    const stage = build('td', {}, [build('span', { className: 'stage' }, [stageOf(deal)])]);
    const move = (direction, label, extra = {}) =>
      build('button', { type: 'button', className: direction === 'back' ? 'quiet' : '', ...extra }, [label]);
    const advance = move('forward', 'Advance', deal.id === GUIDED_DEAL ? { id: 'advance-deal' } : {});
    const back = move('back', 'Back');
    const refresh = () => {
      const i = STAGES.indexOf(stageOf(deal));
      stage.firstChild.textContent = stageOf(deal);
      stage.firstChild.dataset.stage = stageOf(deal).toLowerCase();
      advance.disabled = i === STAGES.length - 1;
      back.disabled = i === 0;
    };
    const go = (direction) => {
      const i = STAGES.indexOf(stageOf(deal)) + (direction === 'forward' ? 1 : -1);
      stages[deal.id] = STAGES[i];
      save('stages', stages);
      refresh();
      record(currentPersona(), `moved ${deal.name} ${direction === 'forward' ? 'forward' : 'back'} to ${STAGES[i]}`);
      track('deal_stage_changed', { direction, deal: deal.id, stage: STAGES[i] });
    };
    advance.addEventListener('click', () => go('forward'));
    back.addEventListener('click', () => go('back'));
    refresh();
    return build('tr', {}, [
      build('td', {}, [deal.name]),
      stage,
      build('td', { className: 'num' }, [`€${deal.valueK}k`]),
      build('td', { className: 'actions' }, [advance, ' ', back]),
    ]);
  };
  table.tBodies[0].replaceChildren(...deals.map(row));
}

export function interactions(form) {
  const list = document.getElementById('interactions');
  const render = () => {
    list.replaceChildren(
      ...load('interactions', []).map((it) =>
        build('li', {}, [
          build('span', { className: `kind kind-${it.kind}` }, [it.kind]),
          ` ${it.customer}`,
          build('span', { className: 'muted' }, [` · ${it.who}${it.note ? ` · ${it.note}` : ''}`]),
        ]),
      ),
    );
    emptyRow(list, 'No interactions logged yet.');
  };
  form.customer.append(...customers.map((c) => build('option', { value: c }, [c])));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const who = currentPersona();
    const it = { kind: form.kind.value, customer: form.customer.value, note: form.note.value.trim(), who: who?.name ?? 'Someone' };
    save('interactions', [it, ...load('interactions', [])].slice(0, 20));
    form.note.value = '';
    render();
    record(who, `logged a ${it.kind} with ${it.customer}`);
    track('interaction_logged', { kind: it.kind });
  });
  render();
}

export function settings() {
  const pipelines = document.getElementById('pipelines');
  const assigned = document.getElementById('assigned');
  const select = document.getElementById('rep');
  const status = document.getElementById('dashboard-status');
  const render = () => {
    pipelines.replaceChildren(
      ...load('pipelines', []).map((p) => build('li', {}, [p, build('span', { className: 'muted' }, [' · 5 stages'])])),
    );
    emptyRow(pipelines, 'No pipeline yet: your reps have nowhere to put their deals.');
    const names = load('reps', []);
    assigned.replaceChildren(...names.map((r) => build('li', {}, [r])));
    emptyRow(assigned, 'No reps assigned yet.');
    // Offer the reps not assigned yet first, so two clicks assign two people.
    select.replaceChildren(
      ...[...reps.filter((r) => !names.includes(r)), ...reps.filter((r) => names.includes(r))].map((r) =>
        build('option', { value: r }, [r]),
      ),
    );
    const published = load('dashboard', null);
    status.textContent = published
      ? `Published ${new Date(published).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })} · visible to Sam Sponsor`
      : 'Draft · only admins can see it';
    status.dataset.state = published ? 'live' : 'draft';
  };
  document.getElementById('create-pipeline').addEventListener('click', () => {
    const list = load('pipelines', []);
    const name = list.length ? `Sales pipeline ${list.length + 1}` : 'Sales pipeline';
    save('pipelines', [...list, name]);
    render();
    record(currentPersona(), `created the ${name}`);
    track('pipeline_created', { stages: STAGES.length });
  });
  document.getElementById('assign-rep').addEventListener('click', () => {
    const rep = select.value;
    save('reps', [...new Set([...load('reps', []), rep])]);
    render();
    record(currentPersona(), `assigned ${rep} to the Sales pipeline`);
    track('rep_assigned', { rep });
  });
  document.getElementById('publish-dashboard').addEventListener('click', () => {
    save('dashboard', new Date().toISOString());
    render();
    record(currentPersona(), 'published the team dashboard');
    track('dashboard_published');
  });
  render();
}

export function review(button) {
  const coverage = document.getElementById('coverage');
  button.addEventListener('click', () => {
    const showing = coverage.hidden;
    coverage.hidden = !showing;
    button.setAttribute('aria-expanded', String(showing));
    button.textContent = showing ? 'Hide pipeline coverage' : 'Show pipeline coverage';
    if (!showing) return;
    record(currentPersona(), 'opened the pipeline coverage in the Monday review');
    track('pipeline_review_viewed', { week: 48 });
  });
}

/** The intro's own "watched" button ticks its manual checklist item, as the panel's checkbox would. */
export function intro(button) {
  button.addEventListener('click', () => {
    window.Firstwin.complete('watch-intro');
    document.getElementById('intro-done').textContent = 'Marked as watched on your checklist.';
  });
}
