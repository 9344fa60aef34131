/** A property value a `where` clause can compare against. */
export type Primitive = string | number | boolean | null;

export type CompleteOn = 'manual' | { event: string; where?: Record<string, Primitive>; count?: number };

export type Placement =
  | 'top'
  | 'top-start'
  | 'top-end'
  | 'bottom'
  | 'bottom-start'
  | 'bottom-end'
  | 'left'
  | 'left-start'
  | 'left-end'
  | 'right'
  | 'right-start'
  | 'right-end';

export interface Guide {
  /** CSS selector of the vendor's element the tooltip points at. */
  target: string;
  text?: string;
  placement?: Placement;
}

export interface ChecklistItem {
  id: string;
  title: string;
  description?: string;
  completeOn: CompleteOn;
  guide?: Guide;
  href?: string;
  /** `user` (default): each person completes it; `account`: anyone in the account does. */
  scope?: 'user' | 'account';
  /** Free data of the vendor's, kept and served as it is. */
  meta?: Record<string, unknown>;
}

export interface Checklist {
  id: string;
  role: string;
  title: string;
  targetDays?: number;
  items: ChecklistItem[];
  /** Item ids whose completion activates the user; default: all items. */
  activation?: string[];
  /** The panel shows the person's account (activated seats, status, time to first value), read from /v1/me/account. */
  showAccountProgress?: boolean;
  /** Free data of the vendor's, kept and served as it is. */
  meta?: Record<string, unknown>;
}

/** An event as the evaluator sees it; `timestamp` is epoch milliseconds. */
export interface RuleEvent {
  messageId: string;
  event: string;
  properties?: Record<string, unknown>;
  timestamp: number;
}

/** One counted match of an item: the event's id and time. */
export interface Hit {
  id: string;
  at: number;
}

/**
 * Per-item matches, kept sorted by time and capped at the item's `count`, so the
 * state stays small and the `count`-th earliest match (the completion) is exact
 * whatever order events arrive in.
 */
export type Hits = Record<string, Hit[]>;

export interface ItemProgress {
  id: string;
  done: boolean;
  completedAt: string | null;
}

export interface Progress {
  checklistId: string;
  items: ItemProgress[];
  activated: boolean;
  activatedAt: string | null;
}
