/**
 * The SDK's own words. `{n}` and `{m}` are numbers, `{title}` the checklist's title.
 * English is here; the other languages (LATER) come with the guide code (guide/locales.ts).
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

/**
 * The account block's words (a checklist with `showAccountProgress`): English comes with
 * the account code (account/words.ts), not with firstwin.js; the other languages carry them.
 */
export interface AccountStrings {
  /** The block's label. */
  account: string;
  /** "{n} of {m} seats active" */
  seats: string;
  on_track: string;
  at_risk: string;
  activated: string;
  no_data: string;
  /** "First value in {n} days" */
  firstValue: string;
}

/** Every word the SDK says: a language's table has them all. */
export type AllStrings = Strings & AccountStrings;
/** What the UI holds: English and the page's language, and the vendor's words over them. */
export type Words = Strings & Partial<AccountStrings>;

export const en: Strings = {
  progress: '{n} of {m}',
  showMe: 'Show me',
  gotIt: 'Got it',
  close: 'Close',
  dismiss: "Don't show again",
  allDone: 'All done. Nice work!',
  announceDone: '{title}: all done',
  stepLeft: '1 step to your first win',
  stepsLeft: '{n} steps to your first win',
  keyStep: 'First win',
  firstWin: 'First win reached. You are set up!',
};

/** Languages whose words come with the guide code. */
export const LATER = ['de', 'fr', 'es', 'pt', 'ja'];

/** The language of a BCP 47 tag: `pt-BR` → `pt`. */
export const language = (locale: string | undefined) => (locale ?? '').toLowerCase().split(/[-_]/)[0]!;

/** A table (English when none), with the vendor's overrides on top (any text, so the account block's words too). */
export function pickStrings(table: Partial<AllStrings> | undefined, overrides: Partial<AllStrings> = {}): Words {
  const own = Object.fromEntries(Object.entries(overrides).filter(([, v]) => typeof v === 'string'));
  return { ...en, ...table, ...own };
}

/** `{n}`, `{m}`, `{title}` filled in. */
export const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (all, k: string) => (k in values ? String(values[k]) : all));
