import { h, type ComponentChild } from 'preact';
import type { Words } from '../strings.js';
import type { AccountSource } from '../types.js';
import { AccountView } from './account-view.js';
import { readAccount } from './read-account.js';

/**
 * The account block for the panel: what draws it with the UI's words once read, or
 * nothing after an error (told to `source.onError`), so the page never sees a throw.
 */
export const accountBlock = (source: AccountSource): Promise<((strings: Words) => ComponentChild) | undefined> =>
  readAccount(source).then(
    (summary) => (strings) => h(AccountView, { summary, strings }),
    (err: unknown) => void source.onError(err),
  );
