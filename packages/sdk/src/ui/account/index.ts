// The account block, fetched the first time a checklist with showAccountProgress shows (see ../mount-ui.tsx).
export { accountBlock } from './account-block.js';
