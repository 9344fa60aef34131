// The guide's code, fetched the first time a guide starts (see ../guides.ts).
export { showGuide } from './show-guide.js';
