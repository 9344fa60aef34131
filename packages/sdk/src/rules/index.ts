export type * from './types.js';
export type { ValidationError, ValidationResult } from './validate.js';
export {
  ITEM_COMPLETED,
  RESERVED_PREFIX,
  activationItems,
  addHit,
  applyEvent,
  checklistForRole,
  completedAt,
  evaluate,
  itemScope,
  matches,
  mergeHits,
} from './evaluate.js';
export { validateChecklists } from './validate.js';
