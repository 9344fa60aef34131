import type { Loaded } from '../lib/use-load.js';

/** What a page shows while its data is on the way, or when it could not come. */
export function LoadState({ loaded, retry }: { loaded: Loaded<unknown>; retry: () => void }) {
  if (loaded.state === 'loading')
    return (
      <p class="muted" role="status">
        Loading…
      </p>
    );
  if (loaded.state === 'failed') {
    return (
      <div role="alert" class="error">
        <p>{loaded.error.message}</p>
        <button type="button" onClick={retry}>
          Try again
        </button>
      </div>
    );
  }
  return null;
}
