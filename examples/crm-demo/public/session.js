// Who is signed in. Switching persona is a sign-out then a sign-in, as in a real app:
// Firstwin forgets the previous person before it learns the next one.
import { account, personas } from './personas.js';
import { load, save } from './store.js';

const fw = () => window.Firstwin;

export const currentPersona = () => personas.find((p) => p.id === load('persona'));

/**
 * The app's server signs who the person is (their role and account too) and the page hands
 * the token to Firstwin: with identity verification enforced, the collector takes nothing else
 * from the page. The token is asked for on every page load, so it never outlives the session.
 */
export async function signIn(persona) {
  save('persona', persona.id);
  const answer = await fetch(`/identity-token?persona=${encodeURIComponent(persona.id)}`, { cache: 'no-store' });
  const { token } = answer.ok ? await answer.json() : {};
  if (load('persona') !== persona.id) return; // signed out, or someone else, meanwhile
  fw().identify(persona.id, { role: persona.role, accountId: account.id, name: persona.name, token });
  fw().group(account.id, { seats: account.seats, signedAt: account.signedAt, name: account.name });
}

export function signOut() {
  save('persona', null);
  fw().reset();
}

export function renderSwitcher(select, onChange) {
  for (const p of personas) {
    const option = document.createElement('option');
    option.value = p.id;
    option.textContent = `${p.name} · ${p.label}`;
    select.append(option);
  }
  select.value = currentPersona()?.id ?? '';
  select.addEventListener('change', () => {
    const next = personas.find((p) => p.id === select.value);
    signOut();
    if (next) signIn(next);
    onChange(next);
  });
}
