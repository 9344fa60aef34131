import { useEffect, useRef, useState } from 'preact/hooks';

export type Loaded<T> = { state: 'loading' } | { state: 'done'; value: T } | { state: 'failed'; error: Error & { status?: number } };

/**
 * Runs `load` whenever `deps` change and keeps only the latest answer: a slow answer
 * for the previous account never overwrites the current one. `reload` keeps what is
 * shown until the new answer comes, so forms on the page stay as they are.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): [Loaded<T>, () => void] {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  const reloading = useRef(false);
  useEffect(() => {
    let current = true;
    const keep = reloading.current;
    reloading.current = false;
    setResult((r) => (keep && r.state === 'done' ? r : { state: 'loading' }));
    load().then(
      (value) => {
        if (current) setResult({ state: 'done', value });
      },
      (error: Error) => {
        if (current) setResult({ state: 'failed', error });
      },
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);
  return [
    result,
    () => {
      reloading.current = true;
      setRound((n) => n + 1);
    },
  ];
}

/** An optional part of the API (a newer collector's route): missing is not an error. */
export const optional = <T>(p: Promise<T>): Promise<T | null> =>
  p.catch((e: { status?: number }) => {
    if (e.status === 404 || e.status === 405) return null;
    throw e;
  });
