export { mountUI } from './app.js';
export type { GuideOptions, UI, UIActions, UIOptions, UIState } from './types.js';
