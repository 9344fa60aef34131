import type { AllStrings } from '../strings.js';

/** German: fetched, as `dist/firstwin-de.js` or a chunk of the ESM entry, only by pages in German. */
export const words: AllStrings = {
  progress: '{n} von {m}',
  showMe: 'Zeig es mir',
  gotIt: 'Verstanden',
  close: 'Schließen',
  dismiss: 'Nicht mehr anzeigen',
  allDone: 'Alles erledigt. Gut gemacht!',
  announceDone: '{title}: alles erledigt',
  stepLeft: 'Noch 1 Schritt zum ersten Erfolg',
  stepsLeft: 'Noch {n} Schritte zum ersten Erfolg',
  keyStep: 'Erster Erfolg',
  firstWin: 'Erster Erfolg erreicht. Alles bereit!',
  account: 'Ihr Konto',
  seats: '{n} von {m} Plätzen aktiv',
  on_track: 'Im Plan',
  at_risk: 'Gefährdet',
  activated: 'Aktiviert',
  no_data: 'Noch keine Daten',
  firstValue: 'Erster Nutzen nach {n} Tagen',
};
