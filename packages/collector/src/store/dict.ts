/**
 * A plain-data dictionary without a prototype. Its keys come from users (roles) and
 * vendors (checklist and item ids): on an ordinary object, `toString` would look
 * done and `__proto__` would write into Object.prototype for the whole process.
 */
export const dict = <T>(from: Record<string, T> = {}): Record<string, T> =>
  Object.assign(Object.create(null) as Record<string, T>, from);

/** Parses stored JSON of a dictionary (or of dictionaries, `depth` 2) into prototype-less ones. */
export function parseDict<T>(json: string, depth: 1 | 2 = 1): Record<string, T> {
  const outer = dict(JSON.parse(json) as Record<string, T>);
  if (depth === 2) for (const k of Object.keys(outer)) outer[k] = dict(outer[k] as Record<string, unknown>) as T;
  return outer;
}
