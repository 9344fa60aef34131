export { createDelivery, type DeliveryOptions } from './delivery.js';
export { idbQueueStore, memoryQueueStore, type QueueStore } from './queue-store.js';
export { broadcast, type Channel, type Lock } from './tab-lock.js';
export type { Delivery, DeliveryError, Message } from './types.js';
export { uuidv7 } from './uuid.js';
