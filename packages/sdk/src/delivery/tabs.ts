import { BYE, HELLO, type Channel } from './tab-lock.js';

/**
 * The conversation between the tabs of an app that send from one queue. Each visible
 * tab says HELLO (answered by visible tabs it is new to) and BYE when hidden or going:
 * a tab hidden or going leaves its events to the visible ones rather than sending them
 * on its way out, which they could not know and would send again. `peers` is undefined
 * once this tab's queue fell back to memory, where the others cannot see it.
 */
export function createTabs(
  channel: Channel | undefined,
  tab: number,
  on: {
    /** Another tab acknowledged (or had refused for good) these messages. */
    sent(ids: string[]): void;
    /** A tab went away: what it left is this tab's to send now. */
    left(): void;
    /** A note from before these notes (after a batch): something left the queue. */
    changed(): void;
  },
) {
  let peers: Set<number> | undefined = new Set();
  let away = false;
  const say = (kind: typeof HELLO | typeof BYE) => channel?.postMessage([kind, tab]);

  if (channel)
    channel.onmessage = ({ data: note }) => {
      if (!note) return on.changed();
      const [kind, from] = note;
      if (typeof kind === 'string') on.sent(note as string[]);
      else if (kind === BYE) {
        peers?.delete(from as number);
        on.left();
      } else if (peers && !peers.has(from as number)) {
        peers.add(from as number);
        if (!away) say(HELLO);
      }
    };
  say(HELLO);

  return {
    /** Others would send this tab's events: it need not send them on its way out. */
    get shared() {
      return Boolean(peers?.size);
    },
    hidden() {
      say(BYE);
      away = true;
    },
    visible() {
      away = false;
      if (peers) say(HELLO);
    },
    /** This tab's queue moved to memory: nobody else can send its events. */
    alone() {
      peers = undefined;
      say(BYE);
    },
    sent: (ids: string[]) => channel?.postMessage(ids),
    close() {
      say(BYE);
      channel?.close();
    },
  };
}
