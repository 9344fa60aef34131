export { mountUI } from './mount-ui.js';
export type { Strings } from './strings.js';
export type { AccountModule, AccountSource, GuideModule, GuideOptions, Loaders, UI, UIActions, UIOptions, UIState } from './types.js';
