import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Checklist, Progress } from '../rules/types.js';
import { inlineStyles } from './inline-styles.js';
import { loadWords } from './locales/index.js';
import { mountUI as mount, type UI, type UIActions, type UIOptions, type UIState } from './index.js';

const list: Checklist = {
  id: 'c',
  role: 'end_user',
  title: 'Your first win',
  items: [
    { id: 'log', title: 'Log an interaction', description: 'Takes a minute.', completeOn: { event: 'x' }, guide: { target: '#log' } },
    { id: 'watch', title: 'Watch the intro', completeOn: 'manual' },
    { id: 'docs', title: 'Read the docs', completeOn: { event: 'y' }, href: '/docs' },
  ],
};
const progress = (done: string[] = []): Progress => ({
  checklistId: 'c',
  activated: false,
  activatedAt: null,
  items: list.items.map((i) => ({
    id: i.id,
    done: done.includes(i.id),
    completedAt: done.includes(i.id) ? '2026-11-01T00:00:00.000Z' : null,
  })),
});
const state = (extra: Partial<UIState> = {}): UIState => ({
  checklist: list,
  progress: progress(),
  open: true,
  dismissed: false,
  ...extra,
});

type Spies = UIActions & { [K in keyof UIActions]: ReturnType<typeof vi.fn> };
const actions = (): Spies => ({ complete: vi.fn(), startGuide: vi.fn(), open: vi.fn(), close: vi.fn(), dismiss: vi.fn() }) as Spies;
/** Actions that re-render like the real core does, synchronously. */
const withCore = (initial: UIState) => {
  let s = initial;
  let ui: UI;
  const set = (patch: Partial<UIState>) => ui.render((s = { ...s, ...patch }));
  const a = actions();
  a.open.mockImplementation(() => set({ open: true }));
  a.close.mockImplementation(() => set({ open: false }));
  a.dismiss.mockImplementation(() => set({ dismissed: true, open: false }));
  ui = mountUI(document, a);
  ui.render(s);
  return { ui, a, set };
};
/** The guide code, the account block, the words and the stylesheet, as the ESM entry loads them. */
const loaders = {
  guide: () => import('./guide/index.js'),
  account: () => import('./account/index.js'),
  words: loadWords,
  styles: inlineStyles,
};
const mountUI = (doc: Document, a: UIActions, options: UIOptions = {}) => mount(doc, a, options, loaders);
const shadow = () => document.querySelector('firstwin-app')!.shadowRoot!;
const $ = <E extends Element = HTMLElement>(sel: string) => shadow().querySelector<E>(sel);
const boxes = () => [...shadow().querySelectorAll<HTMLInputElement>('input[type=checkbox]')];
const escape = (from: EventTarget) => from.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
const _addTarget = (id = 'log') => document.body.appendChild(Object.assign(document.createElement('button'), { id }));

afterEach(() => {
  document.querySelectorAll('firstwin-app').forEach((e) => e.remove());
  document.body.innerHTML = '';
  vi.useRealTimers();
});

describe('the checklist UI', () => {
  it('renders one host with an open shadow root, a labelled dialog, and N of M', () => {
    const ui = mountUI(document, actions());
    ui.render(state({ progress: progress(['watch']) }));
    expect(document.querySelectorAll('firstwin-app')).toHaveLength(1);
    expect(document.querySelector('firstwin-app')!.parentElement).toBe(document.body);
    const dialog = $('[role=dialog]')!;
    expect(dialog.getAttribute('aria-modal')).toBe('false');
    expect(shadow().getElementById(dialog.getAttribute('aria-labelledby')!)!.textContent).toBe('Your first win');
    expect($('.progress')!.textContent).toBe('1 of 3');
    // Open, the panel says it all: no launcher beside it repeats the title or "1 of 3".
    expect($('.launcher')).toBeNull();
    expect(shadow().textContent!.split('1 of 3')).toHaveLength(2);
    expect(boxes().map((b) => b.checked)).toEqual([false, true, false]);
    const labels = boxes().map((b) => shadow().querySelector(`label[for="${b.id}"]`)!.textContent);
    expect(labels).toEqual(['Log an interaction', 'Watch the intro', 'Read the docs']);
    expect(shadow().getElementById(boxes()[0]!.getAttribute('aria-describedby')!)!.textContent).toBe('Takes a minute.');
  });

  it('marks event-driven items read-only and offers their guide or link', () => {
    const a = actions();
    const ui = mountUI(document, a);
    ui.render(state());
    expect(boxes().map((b) => b.getAttribute('aria-readonly'))).toEqual(['true', null, 'true']);
    boxes()[0]!.click();
    (shadow().querySelector('label[for="fw-item-0"]') as HTMLElement).click();
    expect(a.complete).not.toHaveBeenCalled();
    expect(boxes()[0]!.checked).toBe(false);
    const buttons = [...shadow().querySelectorAll('button.go')];
    expect(buttons.map((b) => b.textContent)).toEqual(['Show me']);
    (buttons[0] as HTMLButtonElement).click();
    expect(a.startGuide).toHaveBeenCalledWith('log');
    expect($('a.go')!.getAttribute('href')).toBe('/docs');
    expect($('a.go')!.textContent).toBe('Show me');
    // Each "Show me" is described by its own item's title.
    const described = (el: Element) => shadow().getElementById(el.getAttribute('aria-describedby')!)!.textContent;
    expect([buttons[0]!, $('a.go')!].map(described)).toEqual(['Log an interaction', 'Read the docs']);
  });

  it('never links to script, and hides "Show me" once an item is done', () => {
    const ui = mountUI(document, actions());
    for (const href of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,x', '//evil.example', 'vbscript:x']) {
      ui.render(state({ checklist: { ...list, items: [{ id: 'docs', title: 'Docs', completeOn: { event: 'y' }, href }] } }));
      expect($('a'), href).toBeNull();
    }
    ui.render(state({ progress: progress(['log', 'docs']) }));
    expect($('.go')).toBeNull();
  });

  it('completes a manual item from its checkbox, once, and never unchecks it', () => {
    const a = actions();
    const ui = mountUI(document, a);
    ui.render(state());
    boxes()[1]!.click();
    expect(a.complete).toHaveBeenCalledWith('watch');
    ui.render(state({ progress: progress(['watch']) }));
    boxes()[1]!.click();
    expect(a.complete).toHaveBeenCalledTimes(1);
    expect(boxes()[1]!.checked).toBe(true);
  });

  it('shows the truth when the core does not complete a manual item', () => {
    const a = actions(); // completes nothing and re-renders nothing
    const ui = mountUI(document, a);
    ui.render(state());
    boxes()[1]!.click();
    expect(a.complete).toHaveBeenCalledWith('watch');
    expect(boxes()[1]!.checked).toBe(false);
  });

  it('renders hostile text as text, never HTML', () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    const ui = mountUI(document, actions());
    ui.render(state({ checklist: { ...list, title: evil, items: list.items.map((i) => ({ ...i, title: evil, description: evil })) } }));
    expect(shadow().querySelector('img')).toBeNull();
    expect($('h2')!.textContent).toBe(evil);
    expect(shadow().querySelector('label')!.textContent).toBe(evil);
    expect($('.desc')!.textContent).toBe(evil);
    ui.render(state({ open: false, checklist: { ...list, title: evil } }));
    expect($('.launcher .title')!.textContent).toBe(evil);
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('opens from the launcher with focus on the heading; Escape closes it and focus returns to the launcher', () => {
    const { a } = withCore(state({ open: false }));
    expect($('[role=dialog]')).toBeNull();
    expect($('.launcher')!.textContent).toBe('Your first win0 of 3');
    expect($('.launcher')!.getAttribute('aria-haspopup')).toBe('dialog');
    $('.launcher')!.click();
    expect(a.open).toHaveBeenCalled();
    expect($('[role=dialog]')).not.toBeNull();
    expect(shadow().activeElement?.id).toBe('fw-title');
    const page = vi.fn();
    document.addEventListener('keydown', page);
    escape(shadow().activeElement!);
    document.removeEventListener('keydown', page);
    expect(a.close).toHaveBeenCalledWith(true); // the person's own close: remembered
    expect($('[role=dialog]')).toBeNull();
    expect(shadow().activeElement?.className).toBe('launcher');
    expect(page).not.toHaveBeenCalled(); // our Escape is not the page's
  });

  it('leaves focus where the page put it when the panel opens by itself, and moves it in on open()', () => {
    const input = document.body.appendChild(document.createElement('input'));
    input.focus();
    const ui = mountUI(document, actions());
    ui.render(state({ quiet: true }));
    expect($('[role=dialog]')).not.toBeNull();
    expect(document.activeElement).toBe(input);
    ui.render(state()); // the app's "Getting started" entry called open()
    expect(shadow().activeElement?.id).toBe('fw-title');
  });

  it('returns focus to the launcher when the close button closes the panel', () => {
    const { a } = withCore(state());
    $('.x')!.focus();
    $('.x')!.click();
    expect(a.close).toHaveBeenCalledWith(true);
    expect(shadow().activeElement?.className).toBe('launcher');
  });

  it('closes on Escape pressed elsewhere on the page, unless the page used that key itself', () => {
    const { a } = withCore(state());
    const input = document.body.appendChild(document.createElement('input'));
    input.focus(); // the person went back to the page, the panel still open
    const mine = (e: Event) => e.preventDefault();
    input.addEventListener('keydown', mine);
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    expect(a.close).not.toHaveBeenCalled();
    input.removeEventListener('keydown', mine);
    escape(input);
    expect(a.close).toHaveBeenCalledTimes(1);
    expect(a.close).toHaveBeenCalledWith(); // perhaps meant for the page: not remembered as the person's
    expect($('[role=dialog]')).toBeNull();
  });

  it('shows the completion moment and offers dismiss', () => {
    const { a, set } = withCore(state({ progress: progress(['log', 'watch', 'docs']), justCompleted: true, open: false }));
    expect($('.launcher')!.classList.contains('celebrate')).toBe(true);
    expect($('[role=status]')!.textContent).toBe('Your first win: all done');
    set({ open: true });
    expect($('.all-done')!.textContent).toContain('All done');
    $('.dismiss')!.click();
    expect(a.dismiss).toHaveBeenCalled();
    expect($('.launcher')).toBeNull();
    expect($('[role=dialog]')).toBeNull();
  });

  it('has no completion message while items remain', () => {
    mountUI(document, actions()).render(state({ progress: progress(['log']) }));
    expect($('.all-done')).toBeNull();
  });

  it('renders nothing when dismissed or without a checklist, and destroy removes the host', () => {
    const ui = mountUI(document, actions());
    ui.render(state({ dismissed: true }));
    expect($('.launcher')).toBeNull();
    expect($('[role=dialog]')).toBeNull();
    ui.render(state({ open: false }));
    expect($('.launcher')).not.toBeNull();
    ui.render(null);
    expect($('.launcher')).toBeNull();
    expect($('[role=dialog]')).toBeNull();
    ui.destroy();
    expect(document.querySelector('firstwin-app')).toBeNull();
  });

  it("applies theme custom properties and locale on the host, and replaces a second copy's host", () => {
    mountUI(document, actions());
    mountUI(document, actions(), { theme: { '--firstwin-accent': 'rgb(1, 2, 3)', radius: '4px', color: 'red' }, locale: 'fr' });
    const hosts = document.querySelectorAll<HTMLElement>('firstwin-app');
    expect(hosts).toHaveLength(1);
    expect(hosts[0]!.style.getPropertyValue('--firstwin-accent')).toBe('rgb(1, 2, 3)');
    expect(hosts[0]!.style.getPropertyValue('--firstwin-radius')).toBe('4px');
    expect(hosts[0]!.style.getPropertyValue('color')).toBe('');
    expect(hosts[0]!.lang).toBe('fr');
    expect(hosts[0]!.style.color).toBe('');
  });

  it('adopts a constructable stylesheet, with no <style> element and no style attributes in the tree', () => {
    const ui = mountUI(document, actions());
    ui.render(state());
    expect(shadow().adoptedStyleSheets).toHaveLength(1);
    expect(shadow().querySelector('style')).toBeNull();
  });

  it('falls back to a <style> with the nonce where stylesheets cannot be adopted', () => {
    const win = document.defaultView as unknown as { CSSStyleSheet: unknown };
    const Sheet = win.CSSStyleSheet;
    win.CSSStyleSheet = undefined; // an engine without constructable stylesheets
    try {
      mountUI(document, actions(), { nonce: 'abc123' });
    } finally {
      win.CSSStyleSheet = Sheet;
    }
    const style = shadow().querySelector('style')!;
    expect(style.nonce).toBe('abc123');
    expect(style.textContent).toContain('--firstwin-accent');
  });

  it('shows nothing before a linked stylesheet has loaded, and then shows at once', async () => {
    let loaded!: () => void;
    const styles = vi.fn(() => new Promise<void>((ok) => (loaded = ok)));
    const ui = mount(document, actions(), {}, { ...loaders, styles });
    ui.render(state({ open: false }));
    expect(shadow().querySelector('.launcher, .panel')).toBeNull(); // no flash of an unstyled launcher
    loaded();
    await vi.waitFor(() => expect($('.launcher')).not.toBeNull());
    ui.render(state());
    expect($('.panel')).not.toBeNull();
    expect(styles).toHaveBeenCalledTimes(1);
  });

  it('reports a stylesheet that cannot be loaded, shows nothing, and tries again on the next open', async () => {
    const onError = vi.fn();
    let attempt = 0;
    const styles = vi.fn(() => (++attempt === 1 ? Promise.reject(new Error('offline')) : Promise.resolve()));
    const ui = mount(document, actions(), { onError }, { ...loaders, styles });
    ui.render(state({ open: false }));
    await vi.waitFor(() => expect(onError).toHaveBeenCalledWith(new Error('offline')));
    expect(shadow().querySelector('.launcher, .panel')).toBeNull();
    ui.render(state({ open: false })); // a redraw of the closed launcher does not ask again
    expect(styles).toHaveBeenCalledTimes(1);
    ui.render(state()); // open()
    expect(styles).toHaveBeenCalledTimes(2);
    await vi.waitFor(() => expect($('.panel')).not.toBeNull());
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('waits for the words of its language before it shows, and speaks them', async () => {
    const ui = mount(document, actions(), { locale: 'de-DE' }, loaders);
    ui.render(state({ open: false }));
    expect($('.launcher')).toBeNull(); // not in English first
    await vi.waitFor(() => expect($('.launcher')).not.toBeNull());
    expect($('.launcher .count')!.textContent).toBe('0 von 3');
  });

  it('shows in English when the words of its language cannot be loaded', async () => {
    const ui = mount(
      document,
      actions(),
      { locale: 'ja', strings: { showMe: 'Go' } },
      { ...loaders, words: () => Promise.reject(new Error('offline')) },
    );
    ui.render(state());
    await vi.waitFor(() => expect($('.progress')).not.toBeNull());
    expect($('.progress')!.textContent).toBe('0 of 3');
    expect($('button.go')!.textContent).toBe('Go');
  });
});
