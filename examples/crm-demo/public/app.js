// Shared by every page: the persona switcher, the navigation, and the app's real
// actions, each reported to Firstwin as the activation event it is.
import { account, personas } from './personas.js';

const KEY = 'crm-demo:persona';
const fw = () => window.Firstwin;

function signIn(persona) {
  localStorage.setItem(KEY, persona.id);
  fw().identify(persona.id, { role: persona.role, accountId: account.id, name: persona.name });
  fw().group(account.id, { seats: account.seats, signedAt: account.signedAt, name: account.name });
}

function currentPersona() {
  return personas.find((p) => p.id === localStorage.getItem(KEY));
}

function renderSwitcher() {
  const select = document.getElementById('persona');
  for (const p of personas) {
    const option = document.createElement('option');
    option.value = p.id;
    option.textContent = `${p.name} (${p.role.replace('_', '-')})`;
    select.append(option);
  }
  const current = currentPersona();
  select.value = current ? current.id : '';
  select.addEventListener('change', () => {
    const next = personas.find((p) => p.id === select.value);
    fw().reset();
    if (next) signIn(next);
    else localStorage.removeItem(KEY);
    document.getElementById('who').textContent = next ? next.name : 'Signed out';
  });
  document.getElementById('who').textContent = current ? current.name : 'Signed out';
}

function note(text) {
  const list = document.getElementById('activity');
  if (!list) return;
  const li = document.createElement('li');
  li.textContent = `${new Date().toLocaleTimeString()} · ${text}`;
  list.prepend(li);
}

/** Buttons carry their event in data attributes: `data-track`, `data-props` (JSON). */
function wireActions() {
  document.addEventListener('click', (e) => {
    const button = e.target.closest('[data-track]');
    if (!button) return;
    const props = button.dataset.props ? JSON.parse(button.dataset.props) : {};
    fw().track(button.dataset.track, props);
    note(button.dataset.done || button.textContent.trim());
    if (button.dataset.reveal) document.getElementById(button.dataset.reveal).hidden = false;
  });
}

renderSwitcher();
wireActions();
const persona = currentPersona();
if (persona) signIn(persona);
