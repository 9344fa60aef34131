import type { Checklist, ChecklistItem, Progress } from '../rules/types.js';
import type { ComponentChild } from 'preact';
import type { AllStrings, Strings, Words } from './strings.js';

export interface UIState {
  checklist: Checklist;
  progress: Progress;
  open: boolean;
  dismissed: boolean;
  /** The checklist was just finished: show the completion moment. */
  justCompleted?: boolean;
  /** Opened by itself as the person arrived: focus stays where the page put it. */
  quiet?: boolean;
  /**
   * The checklist shows the person's account (`showAccountProgress`, and a signed identity
   * token to read it with). Read when the panel opens, and again whenever this is a new object.
   */
  account?: AccountSource | undefined;
}

/** How the account block reads `GET /v1/me/account`. */
export interface AccountSource {
  endpoint: string;
  key: string;
  token: string;
  fetch: typeof fetch;
  /** The read or the account code failed: nothing of the account shows. */
  onError(err: unknown): void;
}

/** The lazily loaded account block (account/account-block.ts). */
export interface AccountModule {
  /** What draws the block with the UI's words, once read; nothing after an error (told to `source.onError`). */
  accountBlock(source: AccountSource): Promise<((strings: Words) => ComponentChild) | undefined>;
}

export interface UIActions {
  /** A manual item's checkbox was checked. */
  complete(itemId: string): void;
  /** An item's "Show me" button was pressed. */
  startGuide(itemId: string): void;
  open(): void;
  /** `byPerson`: from the panel's own close button or an Escape inside it, which the core remembers. */
  close(byPerson?: boolean): void;
  dismiss(): void;
}

export interface UIOptions {
  /**
   * CSS custom properties set on the `<firstwin-app>` host, e.g.
   * `{ '--firstwin-accent': '#0a7' }`; a short name (`accent`) means `--firstwin-accent`.
   */
  theme?: Record<string, string> | undefined;
  /** BCP 47 tag set as the host's `lang`; it picks the SDK's words (English when none fits). */
  locale?: string | undefined;
  /** The vendor's own words for some of the SDK's, over the locale's. */
  strings?: Partial<AllStrings> | undefined;
  /** For the `<style>` fallback where constructable stylesheets are missing. */
  nonce?: string | undefined;
  /** The UI's stylesheet could not be loaded (offline): nothing shows, and the next open tries again. */
  onError?(err: unknown): void;
}

export interface GuideOptions {
  /** How long to wait for `guide.target` to appear; default 10 s. */
  timeoutMs?: number;
  /** The panel's "Show me": a target that is not on this page, with an `href` to another page, is followed there. */
  follow?: boolean;
  /** The target never appeared: nothing was shown. */
  onMissing(): void;
  /** A shown guide ended (closed, target clicked, replaced or hidden). */
  onClose?(): void;
  /** The guide code could not be loaded (offline): nothing was shown; the next guide tries again. */
  onLoadError?(err: unknown): void;
}

/** What the guide's page needs from the UI that mounted it. */
export interface GuideHost {
  doc: Document;
  host: HTMLElement;
  root: ShadowRoot;
  strings: Words;
  announce(text: string): void;
  /** Adds CSS to the shadow root the way its own was (a constructed sheet, else a `<style>` with the page's nonce). */
  addStyles(css: string): void;
}

/** The lazily loaded guide code. */
export interface GuideModule {
  /** Shows the item's guide once its target exists; returns the function that ends it. */
  showGuide(ui: GuideHost, item: ChecklistItem, opts: GuideOptions): () => void;
}

/**
 * What the UI fetches when it first needs it: a dynamic `import()` for bundlers, a
 * same-origin script beside firstwin.js for the script tag.
 */
export interface Loaders {
  /** The guide code, the first time a guide starts (or ahead, in idle time). */
  guide(): Promise<GuideModule>;
  /** The SDK's words in a language besides English (`de`), before the checklist first shows. */
  words(lang: string): Promise<Strings>;
  /** The account block's code, the first time a checklist with `showAccountProgress` shows. */
  account(): Promise<AccountModule>;
  /**
   * Puts the UI's own stylesheet in its shadow root: at once (nothing returned) when the
   * CSS is in the code, else a promise that settles once it has loaded. Nothing shows
   * before it applies: no flash of an unstyled panel.
   */
  styles(ui: Pick<GuideHost, 'root' | 'addStyles'>): Promise<void> | void;
}

export interface UI {
  /** `null`: nothing to show (no checklist for the role, signed out). */
  render(state: UIState | null): void;
  /** One guide at a time: a new one replaces the current one. */
  showGuide(item: ChecklistItem, opts: GuideOptions): void;
  hideGuide(): void;
  /** Removes `<firstwin-app>` and every listener. */
  destroy(): void;
}
