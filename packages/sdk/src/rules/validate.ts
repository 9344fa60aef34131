import { RESERVED_PREFIX } from './evaluate.js';
import type { Checklist } from './types.js';

export interface ValidationError {
  /** Where the fault is, e.g. `[2].items[0].completeOn.count`. */
  path: string;
  message: string;
}

export type ValidationResult = { ok: true; value: Checklist[] } | { ok: false; errors: ValidationError[] };

const PLACEMENTS = new Set(['top', 'bottom', 'left', 'right'].flatMap((s) => [s, `${s}-start`, `${s}-end`]));
const MAX_TITLE = 200;
const MAX_DESCRIPTION = 1000;
const MAX_GUIDE_TEXT = 500;
const MAX_ID = 200;
const MAX_COUNT = 100_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The fields each object may have: any other is refused by name, so a misspelled setting
 * is not taken for accepted. Free data of the vendor's goes under `meta`.
 */
const FIELDS = {
  checklist: new Set(['id', 'role', 'title', 'targetDays', 'items', 'activation', 'showAccountProgress', 'meta']),
  item: new Set(['id', 'title', 'description', 'completeOn', 'guide', 'href', 'scope', 'meta']),
  completeOn: new Set(['event', 'where', 'count']),
  guide: new Set(['target', 'text', 'placement']),
};
/** Whitespace and control characters: a browser drops them from a URL (`/\t/evil.example` is `//evil.example`). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE_IN_URL = /[\s\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/u;
/** An href a browser reads as a link on the vendor's page or to an http(s) site: no scheme other than http(s), no `//host`. */
const SAFE_HREF = /^(https?:\/\/|\/(?![/\\])|\.{1,2}\/|[?#])/i;
/** A value as a path or message may show it; never a call into the value (`{"toString":1}`). */
const shown = (v: unknown) => JSON.stringify(v) ?? typeof v;

/**
 * Checks checklist definitions from an untrusted source (an API body, a config file)
 * and reports every fault with its path. Definitions are data a browser renders, so
 * links are limited to http(s) and relative URLs.
 */
export function validateChecklists(input: unknown): ValidationResult {
  const errors: ValidationError[] = [];
  const fail = (path: string, message: string) => void errors.push({ path, message });

  const str = (v: unknown, path: string, max: number, opts: { optional?: boolean; empty?: boolean } = {}): boolean => {
    if (v === undefined && opts.optional) return true;
    if (typeof v !== 'string' || (!opts.empty && v.trim() === ''))
      return (fail(path, opts.empty ? 'must be a string' : 'must be a non-empty string'), false);
    if (v.length > max) return (fail(path, `must be at most ${max} characters (it has ${v.length})`), false);
    return true;
  };
  const known = (o: Record<string, unknown>, fields: Set<string>, path: string) => {
    for (const key of Object.keys(o)) {
      if (!fields.has(key))
        fail(`${path}.${key}`, `is not a field here (known: ${[...fields].join(', ')}); put data of your own under "meta"`);
    }
    if (o.meta !== undefined && !isObject(o.meta)) fail(`${path}.meta`, 'must be an object (free data of your own)');
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
    known(c, FIELDS.checklist, p);
    if (str(c.id, `${p}.id`, MAX_ID)) {
      if (ids.has(c.id as string)) fail(`${p}.id`, `duplicate checklist id "${c.id}"`);
      ids.add(c.id as string);
    }
    if (str(c.role, `${p}.role`, MAX_ID)) {
      if (roles.has(c.role as string)) fail(`${p}.role`, `a project has at most one checklist per role; "${c.role}" appears twice`);
      roles.add(c.role as string);
    }
    str(c.title, `${p}.title`, MAX_TITLE);
    if (c.showAccountProgress !== undefined && typeof c.showAccountProgress !== 'boolean')
      fail(`${p}.showAccountProgress`, 'must be true or false');
    if (
      c.targetDays !== undefined &&
      !(Number.isInteger(c.targetDays) && (c.targetDays as number) > 0 && (c.targetDays as number) <= 3650)
    ) {
      fail(`${p}.targetDays`, 'must be a whole number of days between 1 and 3650');
    }
    if (!Array.isArray(c.items) || c.items.length === 0) return fail(`${p}.items`, 'must be a non-empty array');
    if (c.items.length > 100) fail(`${p}.items`, 'must have at most 100 items');
    const itemIds = new Set<string>();
    c.items.forEach((it: unknown, ii) => {
      const ip = `${p}.items[${ii}]`;
      if (!isObject(it)) return fail(ip, 'must be an object');
      known(it, FIELDS.item, ip);
      if (str(it.id, `${ip}.id`, MAX_ID)) {
        if (itemIds.has(it.id as string)) fail(`${ip}.id`, `duplicate item id "${it.id}"`);
        itemIds.add(it.id as string);
      }
      str(it.title, `${ip}.title`, MAX_TITLE);
      str(it.description, `${ip}.description`, MAX_DESCRIPTION, { optional: true, empty: true });
      if (it.scope !== undefined && it.scope !== 'user' && it.scope !== 'account') fail(`${ip}.scope`, 'must be "user" or "account"');
      if (it.href !== undefined) {
        if (!(typeof it.href === 'string' && SAFE_HREF.test(it.href))) fail(`${ip}.href`, 'must be an http(s) URL or a relative path');
        else if (UNSAFE_IN_URL.test(it.href))
          fail(
            `${ip}.href`,
            'must not hold whitespace or control characters (percent-encode them: a browser drops them, and /\\t/host reads as //host)',
          );
        else if (it.href.length > 2000) fail(`${ip}.href`, 'must be at most 2000 characters');
      }
      const co = it.completeOn;
      const cp = `${ip}.completeOn`;
      if (co !== 'manual') {
        if (!isObject(co)) fail(cp, 'must be "manual" or { event, where?, count? }');
        else {
          known(co, FIELDS.completeOn, cp);
          if (str(co.event, `${cp}.event`, MAX_ID) && (co.event as string).startsWith(RESERVED_PREFIX)) {
            fail(`${cp}.event`, `event names starting with "${RESERVED_PREFIX}" are reserved`);
          }
          if (co.count !== undefined && !(Number.isInteger(co.count) && (co.count as number) >= 1 && (co.count as number) <= MAX_COUNT)) {
            fail(`${cp}.count`, `must be a whole number from 1 to ${MAX_COUNT}`);
          }
          if (co.where !== undefined) {
            if (!isObject(co.where)) fail(`${cp}.where`, 'must be an object of property values');
            else
              for (const [k, v] of Object.entries(co.where)) {
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
          known(it.guide, FIELDS.guide, gp);
          str(it.guide.target, `${gp}.target`, 500);
          str(it.guide.text, `${gp}.text`, MAX_GUIDE_TEXT, { optional: true, empty: true });
          if (it.guide.placement !== undefined && !PLACEMENTS.has(it.guide.placement as string)) {
            fail(`${gp}.placement`, `must be one of ${[...PLACEMENTS].join(', ')}`);
          }
        }
      }
    });
    if (c.activation !== undefined) {
      if (!Array.isArray(c.activation) || c.activation.length === 0) fail(`${p}.activation`, 'must be a non-empty array of item ids');
      else
        c.activation.forEach((id: unknown, ai) => {
          if (typeof id !== 'string' || !itemIds.has(id))
            fail(`${p}.activation[${ai}]`, `${shown(id).slice(0, 200)} is not an item id of this checklist`);
        });
    }
  });
  return errors.length ? { ok: false, errors } : { ok: true, value: input as Checklist[] };
}
