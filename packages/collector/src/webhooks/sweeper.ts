/**
 * Looks, every `everyMs` and once at the start (the clock went on while the collector was
 * down), for accounts whose status the clock alone has changed; one look at a time.
 */
export function startSweeper(sweep: () => Promise<unknown>, everyMs: number, onError: (err: unknown) => void) {
  let running: Promise<void> | undefined;
  const look = () => {
    running ??= sweep()
      .then(() => {}, onError)
      .finally(() => (running = undefined));
  };
  const timer = setInterval(look, everyMs);
  timer.unref();
  look();
  return {
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}
