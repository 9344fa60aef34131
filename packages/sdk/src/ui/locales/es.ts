import type { Strings } from '../strings.js';

/** Spanish: fetched, as `dist/firstwin-es.js` or a chunk of the ESM entry, only by pages in Spanish. */
export const words: Strings = {
  progress: '{n} de {m}',
  showMe: 'Muéstrame',
  gotIt: 'Entendido',
  close: 'Cerrar',
  dismiss: 'No volver a mostrar',
  allDone: 'Todo listo. ¡Buen trabajo!',
  announceDone: '{title}: todo listo',
  stepLeft: '1 paso para tu primer logro',
  stepsLeft: '{n} pasos para tu primer logro',
  keyStep: 'Primer logro',
  firstWin: 'Primer logro alcanzado. ¡Todo listo!',
};
