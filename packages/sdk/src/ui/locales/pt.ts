import type { Strings } from '../strings.js';

/** Portuguese: fetched, as `dist/firstwin-pt.js` or a chunk of the ESM entry, only by pages in Portuguese. */
export const words: Strings = {
  progress: '{n} de {m}',
  showMe: 'Mostrar',
  gotIt: 'Entendi',
  close: 'Fechar',
  dismiss: 'Não mostrar novamente',
  allDone: 'Tudo pronto. Bom trabalho!',
  announceDone: '{title}: tudo pronto',
  stepLeft: '1 passo para sua primeira conquista',
  stepsLeft: '{n} passos para sua primeira conquista',
  keyStep: 'Primeira conquista',
  firstWin: 'Primeira conquista alcançada. Tudo pronto!',
};
