/**
 * A plain-data dictionary without a prototype. Its keys come from users (roles) and
 * vendors (checklist and item ids): on an ordinary object, `toString` would look
 * done and `__proto__` would write into Object.prototype for the whole process.
 */
export const dict = <T>(from: Record<string, T> = {}): Record<string, T> => Object.assign(Object.create(null) as Record<string, T>, from);

/** Parses stored JSON of a dictionary (or of dictionaries, `depth` 2) into prototype-less ones. */
export function parseDict<T>(json: string, depth: 1 | 2 = 1): Record<string, T> {
  // JSON.parse makes `__proto__` an own key, never a prototype; dropping the prototype
  // in place spares a copy per row (the accounts list parses one per user).
  const outer = Object.setPrototypeOf(JSON.parse(json), null) as Record<string, T>;
  if (depth === 2) for (const k of Object.keys(outer)) Object.setPrototypeOf(outer[k] as object, null);
  return outer;
}
