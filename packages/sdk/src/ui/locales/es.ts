import type { AllStrings } from '../strings.js';

/** Spanish: fetched, as `dist/firstwin-es.js` or a chunk of the ESM entry, only by pages in Spanish. */
export const words: AllStrings = {
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
  account: 'Su cuenta',
  seats: '{n} de {m} licencias activas',
  on_track: 'En buen camino',
  at_risk: 'En riesgo',
  activated: 'Activada',
  no_data: 'Aún sin datos',
  firstValue: 'Primer valor en {n} días',
};
