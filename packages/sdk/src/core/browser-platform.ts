import { broadcast, createDelivery, uuidv7 } from '../delivery/index.js';
import { mountUI, type Loaders } from '../ui/index.js';
import type { Platform } from './instance.js';
import { PENDING_GUIDE } from '../ui/pending-guide.js';
import { defaultUserStore } from './user-store.js';

/** `load`: how this build fetches what it needs later (the guide code, other languages' words). */
export function browserPlatform(load: Loaders): Platform {
  return {
    createDelivery,
    createUserStore: defaultUserStore,
    mountUI: (actions, options) => mountUI(document, actions, options, load),
    // Bound late so a page that patches fetch after we load is respected.
    fetch: (input, init) => fetch(input, init),
    now: () => Date.now(),
    language: () => navigator.language,
    uuid: () => uuidv7(),
    takePendingGuide() {
      try {
        const id = sessionStorage.getItem(PENDING_GUIDE);
        sessionStorage.removeItem(PENDING_GUIDE);
        return id;
      } catch {
        return null; // storage blocked: the guide simply is not resumed
      }
    },
    channel: broadcast,
  };
}
