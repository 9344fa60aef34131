// Entry of every page: the signed-in persona, the navigation, and the page's own actions.
import * as actions from './actions.js';
import { render as renderActivity } from './activity.js';
import { currentPersona, renderSwitcher, signIn } from './session.js';

function showPersona(persona) {
  document.body.dataset.signedIn = persona ? 'yes' : 'no';
  for (const node of document.querySelectorAll('[data-persona-name]')) node.textContent = persona ? persona.name.split(' ')[0] : '';
}

const here = location.pathname === '/' ? '/' : location.pathname;
for (const link of document.querySelectorAll('.top nav a')) {
  if (link.getAttribute('href') === here) link.setAttribute('aria-current', 'page');
}

renderSwitcher(document.getElementById('persona'), showPersona);
const persona = currentPersona();
showPersona(persona);
if (persona) signIn(persona);

const deals = document.getElementById('deals');
if (deals) actions.dealsTable(deals);
const form = document.getElementById('log-form');
if (form) actions.interactions(form);
if (document.getElementById('create-pipeline')) actions.settings();
const review = document.getElementById('open-coverage');
if (review) actions.review(review);
const watched = document.getElementById('intro-watched');
if (watched) actions.intro(watched);
renderActivity();
