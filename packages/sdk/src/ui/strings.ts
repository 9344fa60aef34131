/**
 * The SDK's own words. `{n}` and `{m}` are numbers, `{title}` the checklist's title.
 * Every table is here, not in the lazily loaded guide: the panel needs its language
 * at load, and all six together cost about 1 kB gzip (BENCHMARKS.md).
 */
export interface Strings {
  /** "N of M" */
  progress: string;
  showMe: string;
  gotIt: string;
  close: string;
  dismiss: string;
  allDone: string;
  /** Said by the live region when the checklist is finished. */
  announceDone: string;
  /** Items left before the person is activated: one, then several. */
  stepLeft: string;
  stepsLeft: string;
  /** Marks an item that counts toward activation. */
  keyStep: string;
  /** Every activation item done. */
  firstWin: string;
}

const en: Strings = {
  progress: '{n} of {m}', showMe: 'Show me', gotIt: 'Got it', close: 'Close', dismiss: "Don't show again",
  allDone: 'All done. Nice work!', announceDone: '{title}: all done',
  stepLeft: '1 step to your first win', stepsLeft: '{n} steps to your first win', keyStep: 'First win',
  firstWin: 'First win reached. You are set up!',
};

const TABLES: Record<string, Strings> = {
  en,
  de: {
    progress: '{n} von {m}', showMe: 'Zeig es mir', gotIt: 'Verstanden', close: 'Schließen', dismiss: 'Nicht mehr anzeigen',
    allDone: 'Alles erledigt. Gut gemacht!', announceDone: '{title}: alles erledigt',
    stepLeft: 'Noch 1 Schritt zum ersten Erfolg', stepsLeft: 'Noch {n} Schritte zum ersten Erfolg', keyStep: 'Erster Erfolg',
    firstWin: 'Erster Erfolg erreicht. Alles bereit!',
  },
  fr: {
    progress: '{n} sur {m}', showMe: 'Montrez-moi', gotIt: 'Compris', close: 'Fermer', dismiss: 'Ne plus afficher',
    allDone: 'Tout est fait. Bravo !', announceDone: '{title} : tout est fait',
    stepLeft: 'Plus qu’1 étape vers votre premier succès', stepsLeft: 'Plus que {n} étapes vers votre premier succès',
    keyStep: 'Premier succès', firstWin: 'Premier succès atteint. Vous êtes prêt !',
  },
  es: {
    progress: '{n} de {m}', showMe: 'Muéstrame', gotIt: 'Entendido', close: 'Cerrar', dismiss: 'No volver a mostrar',
    allDone: 'Todo listo. ¡Buen trabajo!', announceDone: '{title}: todo listo',
    stepLeft: '1 paso para tu primer logro', stepsLeft: '{n} pasos para tu primer logro', keyStep: 'Primer logro',
    firstWin: 'Primer logro alcanzado. ¡Todo listo!',
  },
  pt: {
    progress: '{n} de {m}', showMe: 'Mostrar', gotIt: 'Entendi', close: 'Fechar', dismiss: 'Não mostrar novamente',
    allDone: 'Tudo pronto. Bom trabalho!', announceDone: '{title}: tudo pronto',
    stepLeft: '1 passo para sua primeira conquista', stepsLeft: '{n} passos para sua primeira conquista', keyStep: 'Primeira conquista',
    firstWin: 'Primeira conquista alcançada. Tudo pronto!',
  },
  ja: {
    progress: '{n} / {m}', showMe: '見る', gotIt: 'OK', close: '閉じる', dismiss: '今後表示しない',
    allDone: 'すべて完了しました。お疲れさまでした！', announceDone: '{title}：すべて完了',
    stepLeft: '最初の成果まであと1ステップ', stepsLeft: '最初の成果まであと{n}ステップ', keyStep: '最初の成果',
    firstWin: '最初の成果を達成しました。準備完了です！',
  },
};

/** The table for a BCP 47 tag (`pt-BR` → `pt`; unknown → English), with the vendor's overrides on top. */
export function pickStrings(locale: string | undefined, overrides: Partial<Strings> = {}): Strings {
  const base = TABLES[(locale ?? '').toLowerCase().split(/[-_]/)[0]!] ?? en;
  const own = Object.fromEntries(Object.entries(overrides).filter(([k, v]) => k in en && typeof v === 'string'));
  return { ...base, ...own };
}

/** `{n}`, `{m}`, `{title}` filled in. */
export const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (all, k: string) => (k in values ? String(values[k]) : all));
