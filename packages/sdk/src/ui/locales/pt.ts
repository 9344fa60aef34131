import type { AllStrings } from '../strings.js';

/** Portuguese: fetched, as `dist/firstwin-pt.js` or a chunk of the ESM entry, only by pages in Portuguese. */
export const words: AllStrings = {
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
  account: 'Sua conta',
  seats: '{n} de {m} licenças ativas',
  on_track: 'No caminho certo',
  at_risk: 'Em risco',
  activated: 'Ativada',
  no_data: 'Ainda sem dados',
  firstValue: 'Primeiro valor em {n} dias',
};
