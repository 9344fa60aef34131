import { createDelivery, uuidv7 } from '../delivery/index.js';
import { mountUI } from '../ui/index.js';
import type { Platform } from './instance.js';
import { defaultUserStore } from './user-store.js';

export function browserPlatform(): Platform {
  return {
    createDelivery,
    createUserStore: defaultUserStore,
    mountUI: (actions, options) => mountUI(document, actions, options),
    // Bound late so a page that patches fetch after we load is respected.
    fetch: (input, init) => fetch(input, init),
    now: () => Date.now(),
    uuid: () => uuidv7(),
    channel:
      typeof BroadcastChannel === 'undefined'
        ? undefined
        : (name) => {
            const bc = new BroadcastChannel(name);
            return {
              post: (data) => bc.postMessage(data),
              listen: (fn) => void (bc.onmessage = (e) => fn(e.data)),
              close: () => bc.close(),
            };
          },
  };
}
