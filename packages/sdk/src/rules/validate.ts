import { RESERVED_PREFIX } from './evaluate.js';
import type { Checklist } from './types.js';

export interface ValidationError {
  /** Where the fault is, e.g. `[2].items[0].completeOn.count`. */
  path: string;
  message: string;
}

export type ValidationResult =
  | { ok: true; value: Checklist[] }
  | { ok: false; errors: ValidationError[] };

const PLACEMENTS = new Set(
  ['top', 'bottom', 'left', 'right'].flatMap((s) => [s, `${s}-start`, `${s}-end`]),
);
const MAX_TEXT = 2000;
const MAX_ID = 200;
const MAX_COUNT = 100_000;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks checklist definitions from an untrusted source (an API body, a config file)
 * and reports every fault with its path. Definitions are data a browser renders, so
 * links are limited to http(s) and relative URLs.
 */
export function validateChecklists(input: unknown): ValidationResult {
  const errors: ValidationError[] = [];
  const fail = (path: string, message: string) => void errors.push({ path, message });

  const str = (v: unknown, path: string, opts: { optional?: boolean; max?: number } = {}): boolean => {
    if (v === undefined && opts.optional) return true;
    if (typeof v !== 'string' || v.trim() === '') return fail(path, 'must be a non-empty string'), false;
    if (v.length > (opts.max ?? MAX_TEXT)) return fail(path, `must be at most ${opts.max ?? MAX_TEXT} characters`), false;
    return true;
  };

  if (!Array.isArray(input)) {
    fail('', 'must be a JSON array of checklist definitions');
    return { ok: false, errors };
  }
  const ids = new Set<string>();
  const roles = new Set<string>();
  input.forEach((c: unknown, ci) => {
    const p = `[${ci}]`;
    if (!isObject(c)) return fail(p, 'must be an object');
    if (str(c.id, `${p}.id`, { max: MAX_ID })) {
      if (ids.has(c.id as string)) fail(`${p}.id`, `duplicate checklist id "${c.id}"`);
      ids.add(c.id as string);
    }
    if (str(c.role, `${p}.role`, { max: MAX_ID })) {
      if (roles.has(c.role as string)) fail(`${p}.role`, `a project has at most one checklist per role; "${c.role}" appears twice`);
      roles.add(c.role as string);
    }
    str(c.title, `${p}.title`);
    if (c.targetDays !== undefined && !(Number.isInteger(c.targetDays) && (c.targetDays as number) > 0 && (c.targetDays as number) <= 3650)) {
      fail(`${p}.targetDays`, 'must be a whole number of days between 1 and 3650');
    }
    if (c.showAccountProgress !== undefined && typeof c.showAccountProgress !== 'boolean') fail(`${p}.showAccountProgress`, 'must be true or false');
    if (!Array.isArray(c.items) || c.items.length === 0) return fail(`${p}.items`, 'must be a non-empty array');
    if (c.items.length > 100) fail(`${p}.items`, 'must have at most 100 items');
    const itemIds = new Set<string>();
    c.items.forEach((it: unknown, ii) => {
      const ip = `${p}.items[${ii}]`;
      if (!isObject(it)) return fail(ip, 'must be an object');
      if (str(it.id, `${ip}.id`, { max: MAX_ID })) {
        if (itemIds.has(it.id as string)) fail(`${ip}.id`, `duplicate item id "${it.id}"`);
        itemIds.add(it.id as string);
      }
      str(it.title, `${ip}.title`);
      if (it.description !== undefined && typeof it.description !== 'string') fail(`${ip}.description`, 'must be a string');
      if (it.scope !== undefined && it.scope !== 'user' && it.scope !== 'account') fail(`${ip}.scope`, 'must be "user" or "account"');
      if (it.href !== undefined && !(typeof it.href === 'string' && /^(https?:\/\/|\/(?![/\\])|\.{1,2}\/|[?#])/i.test(it.href))) {
        fail(`${ip}.href`, 'must be an http(s) URL or a relative path');
      }
      const co = it.completeOn;
      const cp = `${ip}.completeOn`;
      if (co !== 'manual') {
        if (!isObject(co)) fail(cp, 'must be "manual" or { event, where?, count? }');
        else {
          if (str(co.event, `${cp}.event`, { max: MAX_ID }) && (co.event as string).startsWith(RESERVED_PREFIX)) {
            fail(`${cp}.event`, `event names starting with "${RESERVED_PREFIX}" are reserved`);
          }
          if (co.count !== undefined && !(Number.isInteger(co.count) && (co.count as number) >= 1 && (co.count as number) <= MAX_COUNT)) {
            fail(`${cp}.count`, `must be a whole number from 1 to ${MAX_COUNT}`);
          }
          if (co.where !== undefined) {
            if (!isObject(co.where)) fail(`${cp}.where`, 'must be an object of property values');
            else for (const [k, v] of Object.entries(co.where)) {
              if (v !== null && !['string', 'number', 'boolean'].includes(typeof v)) {
                fail(`${cp}.where.${k}`, 'must be a string, number, boolean or null');
              }
            }
          }
        }
      }
      if (it.guide !== undefined) {
        const gp = `${ip}.guide`;
        if (!isObject(it.guide)) fail(gp, 'must be an object { target, text?, placement? }');
        else {
          str(it.guide.target, `${gp}.target`, { max: 500 });
          if (it.guide.text !== undefined && typeof it.guide.text !== 'string') fail(`${gp}.text`, 'must be a string');
          if (it.guide.placement !== undefined && !PLACEMENTS.has(it.guide.placement as string)) {
            fail(`${gp}.placement`, `must be one of ${[...PLACEMENTS].join(', ')}`);
          }
        }
      }
    });
    if (c.activation !== undefined) {
      if (!Array.isArray(c.activation) || c.activation.length === 0) fail(`${p}.activation`, 'must be a non-empty array of item ids');
      else c.activation.forEach((id: unknown, ai) => {
        if (typeof id !== 'string' || !itemIds.has(id)) fail(`${p}.activation[${ai}]`, `"${String(id)}" is not an item id of this checklist`);
      });
    }
  });
  return errors.length ? { ok: false, errors } : { ok: true, value: input as Checklist[] };
}
