// The team's activity feed: what people did in the CRM, newest first.
import { load, save } from './store.js';

const MAX = 30;

export function record(who, text) {
  const feed = load('activity', []);
  feed.unshift({ at: new Date().toISOString(), who: who?.name ?? 'Someone', text });
  save('activity', feed.slice(0, MAX));
  render();
}

export function render() {
  const list = document.getElementById('activity');
  if (!list) return;
  const feed = load('activity', []);
  const limit = Number(list.dataset.limit) || MAX;
  list.replaceChildren(
    ...feed.slice(0, limit).map((entry) => {
      const li = document.createElement('li');
      const time = document.createElement('time');
      time.dateTime = entry.at;
      time.textContent = new Date(entry.at).toLocaleString([], { weekday: 'short', hour: '2-digit', minute: '2-digit' });
      const who = document.createElement('strong');
      who.textContent = entry.who;
      li.append(time, who, ` ${entry.text}`);
      return li;
    }),
  );
  if (!feed.length) {
    const li = document.createElement('li');
    li.className = 'empty';
    li.textContent = 'Nothing yet. What you do in the CRM shows up here.';
    list.append(li);
  }
}
