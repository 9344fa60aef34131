import { describe, expect, it } from 'vitest';
import { validateChecklists } from './index.js';

const good = () => [
  {
    id: 'a',
    role: 'admin',
    title: 'Set up',
    targetDays: 14,
    items: [
      {
        id: 'p',
        title: 'Pipelines',
        completeOn: { event: 'pipeline_created', where: { kind: 'sales' }, count: 2 },
        guide: { target: '#new', text: 'Here', placement: 'bottom' },
        href: '/pipelines',
      },
      { id: 'w', title: 'Watch', completeOn: 'manual' },
    ],
    activation: ['p'],
  },
];

const paths = (input: unknown) => {
  const r = validateChecklists(input);
  return r.ok ? [] : r.errors.map((e) => e.path);
};

describe('validateChecklists', () => {
  it('accepts the spec example shape', () => {
    expect(validateChecklists(good())).toEqual({ ok: true, value: good() });
  });

  it('takes showAccountProgress as true or false, and nothing else', () => {
    expect(validateChecklists([{ ...good()[0], showAccountProgress: true }])).toMatchObject({ ok: true });
    expect(validateChecklists([{ ...good()[0], showAccountProgress: false }])).toMatchObject({ ok: true });
    expect(paths([{ ...good()[0], showAccountProgress: 'yes' }])).toEqual(['[0].showAccountProgress']);
    expect(paths([{ ...good()[0], showAccountProgress: 1 }])).toEqual(['[0].showAccountProgress']);
  });

  it('reports the path of each fault', () => {
    const bad: any = [good()[0], { ...good()[0], id: 'b', role: 'end_user' }, good()[0]];
    bad[2] = {
      ...good()[0],
      id: 'c',
      role: 'sponsor',
      items: [{ id: 'x', title: 'X', completeOn: { event: 'e', count: 0 } }],
      activation: undefined,
    };
    expect(paths(bad)).toEqual(['[2].items[0].completeOn.count']);
    expect(validateChecklists(bad)).toMatchObject({ ok: false, errors: [{ message: 'must be a whole number from 1 to 100000' }] });
  });

  it('refuses non-arrays, duplicate roles and ids, and unknown activation ids', () => {
    expect(paths({})).toEqual(['']);
    expect(paths([good()[0], good()[0]])).toEqual(['[1].id', '[1].role']);
    expect(paths([{ ...good()[0], items: [good()[0]!.items[0], good()[0]!.items[0]] }])).toEqual(['[0].items[1].id']);
    expect(paths([{ ...good()[0], activation: ['nope'] }])).toEqual(['[0].activation[0]']);
  });

  it('refuses reserved event names, bad where values, scopes and placements', () => {
    const c: any = good();
    c[0].items[0].completeOn = { event: 'firstwin:item_completed', where: { a: { nested: true } } };
    c[0].items[0].scope = 'global';
    c[0].items[0].guide.placement = 'middle';
    expect(paths(c)).toEqual([
      '[0].items[0].scope',
      '[0].items[0].completeOn.event',
      '[0].items[0].completeOn.where.a',
      '[0].items[0].guide.placement',
    ]);
  });

  it('refuses script URLs in links', () => {
    for (const href of ['javascript:alert(1)', ' javascript:alert(1)', 'data:text/html,x', '//evil.example', '/\\evil.example']) {
      const c: any = good();
      c[0].items[0].href = href;
      expect(paths(c)).toEqual(['[0].items[0].href']);
    }
    for (const href of ['https://docs.example.com/x', '/a/b', './c', '?tab=1', '#x']) {
      const c: any = good();
      c[0].items[0].href = href;
      expect(paths(c)).toEqual([]);
    }
  });

  it('refuses empty or oversized text', () => {
    const c: any = good();
    c[0].title = ' ';
    c[0].items[1].title = 'x'.repeat(2001);
    expect(paths(c)).toEqual(['[0].title', '[0].items[1].title']);
  });
});
