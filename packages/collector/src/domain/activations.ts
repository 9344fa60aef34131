/**
 * The moments an account's people activated, kept sorted ascending (epoch ms; every
 * role counts, as every role counts toward seats): how many had activated by any
 * moment is then a binary search, whatever the account's size.
 */
export type Activations = readonly number[];

/** How many activated at or before `moment`. */
export function activatedBy(sorted: Activations, moment: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= moment) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Adds one activation in its place. */
export function insertActivation(sorted: number[], at: number): void {
  sorted.splice(activatedBy(sorted, at), 0, at);
}

/** Takes away one activation at `at`; false when there is none. */
export function removeActivation(sorted: number[], at: number): boolean {
  const after = activatedBy(sorted, at);
  if (after === 0 || sorted[after - 1] !== at) return false;
  sorted.splice(after - 1, 1);
  return true;
}
