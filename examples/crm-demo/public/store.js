// The CRM's own data (deal stages, interactions, pipelines, the activity feed), kept in
// localStorage so the demo behaves like a product across pages. Firstwin never reads it.
const PREFIX = 'crm-demo:';

export function load(name, fallback) {
  try {
    return JSON.parse(localStorage.getItem(PREFIX + name)) ?? fallback;
  } catch {
    return fallback;
  }
}

export function save(name, value) {
  localStorage.setItem(PREFIX + name, JSON.stringify(value));
}
