import type { AllStrings } from '../strings.js';

/** French: fetched, as `dist/firstwin-fr.js` or a chunk of the ESM entry, only by pages in French. */
export const words: AllStrings = {
  progress: '{n} sur {m}',
  showMe: 'Montrez-moi',
  gotIt: 'Compris',
  close: 'Fermer',
  dismiss: 'Ne plus afficher',
  allDone: 'Tout est fait. Bravo !',
  announceDone: '{title} : tout est fait',
  stepLeft: 'Plus qu’1 étape vers votre premier succès',
  stepsLeft: 'Plus que {n} étapes vers votre premier succès',
  keyStep: 'Premier succès',
  firstWin: 'Premier succès atteint. Vous êtes prêt !',
  account: 'Votre compte',
  seats: '{n} sur {m} licences actives',
  on_track: 'En bonne voie',
  at_risk: 'À risque',
  activated: 'Activé',
  no_data: 'Pas encore de données',
  firstValue: 'Première valeur en {n} jours',
};
