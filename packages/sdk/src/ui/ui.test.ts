import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Checklist, Progress } from '../rules/types.js';
import { mountUI, type UI, type UIActions, type UIState } from './index.js';
import { waitForElement } from './wait-for-element.js';

const list: Checklist = {
  id: 'c', role: 'end_user', title: 'Your first win',
  items: [
    { id: 'log', title: 'Log an interaction', description: 'Takes a minute.', completeOn: { event: 'x' }, guide: { target: '#log' } },
    { id: 'watch', title: 'Watch the intro', completeOn: 'manual' },
    { id: 'docs', title: 'Read the docs', completeOn: { event: 'y' }, href: '/docs' },
  ],
};
const progress = (done: string[] = []): Progress => ({
  checklistId: 'c', activated: false, activatedAt: null,
  items: list.items.map((i) => ({ id: i.id, done: done.includes(i.id), completedAt: done.includes(i.id) ? '2026-11-01T00:00:00.000Z' : null })),
});
const state = (extra: Partial<UIState> = {}): UIState => ({ checklist: list, progress: progress(), open: true, dismissed: false, ...extra });

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
const shadow = () => document.querySelector('firstwin-app')!.shadowRoot!;
const $ = <E extends Element = HTMLElement>(sel: string) => shadow().querySelector<E>(sel);
const boxes = () => [...shadow().querySelectorAll<HTMLInputElement>('input[type=checkbox]')];
const escape = (from: EventTarget) => from.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
const addTarget = (id = 'log') => document.body.appendChild(Object.assign(document.createElement('button'), { id }));

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

  it('applies theme custom properties and locale on the host, and replaces a second copy\'s host', () => {
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
});

describe('guides', () => {
  const tip = () => $('[role=tooltip]');

  it('show once the target appears, with title and text as text', async () => {
    const ui = mountUI(document, actions());
    const onMissing = vi.fn();
    const onClose = vi.fn();
    ui.showGuide({ ...list.items[0]!, guide: { target: '#log', text: 'Start <b>here</b>' } }, { onMissing, onClose, timeoutMs: 1000 });
    expect(tip()).toBeNull();
    addTarget();
    await vi.waitFor(() => expect(tip()).not.toBeNull());
    expect(tip()!.querySelector('strong')!.textContent).toBe('Log an interaction');
    expect(tip()!.querySelector('p')!.textContent).toBe('Start <b>here</b>');
    expect(tip()!.querySelector('b')).toBeNull();
    // Its text is on the page once; screen readers hear it on the target, as a description.
    expect(shadow().textContent!.split('Start <b>here</b>')).toHaveLength(2);
    expect(document.querySelector('#log')!.getAttribute('aria-description')).toBe('Log an interaction. Start <b>here</b>');
    escape(document.body);
    expect(tip()).toBeNull();
    expect(document.querySelector('#log')!.hasAttribute('aria-description')).toBe(false);
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(onMissing).not.toHaveBeenCalled();
  });

  it('say themselves in the live region only when focus stays elsewhere on the page; "Got it" is described by the tip', () => {
    const ui = mountUI(document, actions());
    addTarget();
    const input = document.body.appendChild(document.createElement('input'));
    input.focus(); // the person is typing: focus stays
    ui.showGuide(list.items[0]!, { onMissing: vi.fn() });
    expect(document.activeElement).toBe(input);
    expect($('[role=status]')!.textContent).toBe('Log an interaction. Takes a minute.');
    const gotIt = tip()!.querySelector('.tip-close')!;
    expect(gotIt.getAttribute('aria-describedby')!.split(' ').map((i) => shadow().getElementById(i)!.textContent)).toEqual(['Log an interaction', 'Takes a minute.']);
    escape(document.body);
    expect($('[role=status]')!.textContent).toBe('');
  });

  it('give the target back the description it had', () => {
    const ui = mountUI(document, actions());
    const target = addTarget();
    target.setAttribute('aria-description', 'the page\'s own');
    ui.showGuide(list.items[0]!, { onMissing: vi.fn() });
    expect(target.getAttribute('aria-description')).toBe('Log an interaction. Takes a minute.');
    target.click();
    expect(target.getAttribute('aria-description')).toBe('the page\'s own');
  });

  it('close from their button or a click on the target', () => {
    const ui = mountUI(document, actions());
    const target = addTarget();
    const onClose = vi.fn();
    ui.showGuide(list.items[0]!, { onMissing: vi.fn(), onClose });
    expect(tip()).not.toBeNull();
    tip()!.querySelector<HTMLElement>('.tip-close')!.focus();
    tip()!.querySelector<HTMLElement>('.tip-close')!.click();
    expect(tip()).toBeNull();
    expect(document.activeElement).toBe(target);
    ui.showGuide(list.items[0]!, { onMissing: vi.fn(), onClose });
    target.click();
    expect(tip()).toBeNull();
    expect(onClose).toHaveBeenCalledTimes(2);
  });

  it('move focus lost with the panel to the target', () => {
    const ui = mountUI(document, actions());
    const target = addTarget();
    (document.activeElement as HTMLElement | null)?.blur();
    ui.showGuide(list.items[0]!, { onMissing: vi.fn() });
    expect(document.activeElement).toBe(target);
  });

  it('one at a time: a new guide replaces the current one', () => {
    const ui = mountUI(document, actions());
    addTarget();
    addTarget('other');
    const first = vi.fn();
    ui.showGuide(list.items[0]!, { onMissing: vi.fn(), onClose: first });
    ui.showGuide({ ...list.items[0]!, guide: { target: '#other', text: 'Second' } }, { onMissing: vi.fn() });
    expect(first).toHaveBeenCalledTimes(1);
    expect(shadow().querySelectorAll('[role=tooltip]')).toHaveLength(1);
    expect(tip()!.textContent).toContain('Second');
    ui.hideGuide();
    expect(tip()).toBeNull();
  });

  it('report a target that never appears once, show nothing and throw nothing', async () => {
    vi.useFakeTimers();
    const ui = mountUI(document, actions());
    const onMissing = vi.fn();
    const onClose = vi.fn();
    expect(() => ui.showGuide(list.items[0]!, { onMissing, onClose })).not.toThrow();
    await vi.advanceTimersByTimeAsync(9_999);
    expect(onMissing).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(onMissing).toHaveBeenCalledTimes(1);
    expect(onClose).not.toHaveBeenCalled();
    expect(tip()).toBeNull();
    addTarget();
    await vi.advanceTimersByTimeAsync(100);
    expect(tip()).toBeNull();
  });

  it('move into an open modal dialog holding the target, and back out when it closes', () => {
    const ui = mountUI(document, actions());
    ui.render(state({ open: false }));
    const dialog = document.body.appendChild(document.createElement('dialog'));
    const target = dialog.appendChild(Object.assign(document.createElement('button'), { id: 'log' }));
    dialog.showModal();
    // happy-dom has no top layer, so no :modal either
    vi.spyOn(dialog, 'matches').mockImplementation((sel: string) => sel === ':modal' || Element.prototype.matches.call(dialog, sel));
    const onClose = vi.fn();
    ui.showGuide(list.items[0]!, { onMissing: vi.fn(), onClose });
    const host = document.querySelector('firstwin-app')!;
    expect(host.parentElement).toBe(dialog);
    expect(host.hasAttribute('data-in-dialog')).toBe(true);
    expect(tip()).not.toBeNull();
    // a close event queued before the dialog reopened is not this dialog closing
    dialog.dispatchEvent(new Event('close'));
    expect(onClose).not.toHaveBeenCalled();
    dialog.close();
    dialog.dispatchEvent(new Event('close'));
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(host.parentElement).toBe(document.body);
    expect(host.hasAttribute('data-in-dialog')).toBe(false);
    expect(target.isConnected).toBe(true);
  });

  it('treat an invalid selector as missing', () => {
    const ui = mountUI(document, actions());
    const onMissing = vi.fn();
    ui.showGuide({ ...list.items[0]!, guide: { target: '##!' } }, { onMissing });
    expect(onMissing).toHaveBeenCalledTimes(1);
  });

  it('hide when a route change removes the target, and come back with it', async () => {
    const ui = mountUI(document, actions());
    const onClose = vi.fn();
    const target = addTarget();
    ui.showGuide(list.items[0]!, { onMissing: vi.fn(), onClose, timeoutMs: 2000 });
    expect(tip()).not.toBeNull();
    target.remove();
    await vi.waitFor(() => expect(tip()).toBeNull());
    addTarget();
    await vi.waitFor(() => expect(tip()).not.toBeNull());
    expect(onClose).not.toHaveBeenCalled();
    ui.destroy();
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(document.querySelector('firstwin-app')).toBeNull();
  });
});

describe('waitForElement', () => {
  it('resolves when the element is added later', async () => {
    const found = new Promise<Element | null>((r) => waitForElement(document, '.late', 1000, r));
    setTimeout(() => document.body.append(Object.assign(document.createElement('div'), { className: 'late' })), 20);
    expect((await found)?.className).toBe('late');
  });

  it('resolves when an attribute change makes an element match', async () => {
    const el = document.body.appendChild(document.createElement('div'));
    const found = new Promise<Element | null>((r) => waitForElement(document, '[data-ready]', 1000, r));
    el.setAttribute('data-ready', '');
    expect(await found).toBe(el);
  });

  it('gives up after the timeout, once, and treats a bad selector as missing', async () => {
    vi.useFakeTimers();
    const done = vi.fn();
    waitForElement(document, '#never', 500, done);
    await vi.advanceTimersByTimeAsync(499);
    expect(done).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1000);
    expect(done).toHaveBeenCalledTimes(1);
    expect(done).toHaveBeenCalledWith(null);
    vi.useRealTimers();
    const bad = vi.fn();
    waitForElement(document, '##!', 500, bad);
    expect(bad).toHaveBeenCalledWith(null);
  });

  it('stops waiting when cancelled', async () => {
    const done = vi.fn();
    const cancel = waitForElement(document, '.x', 50, done);
    cancel();
    document.body.append(Object.assign(document.createElement('div'), { className: 'x' }));
    await new Promise((r) => setTimeout(r, 80));
    expect(done).not.toHaveBeenCalled();
  });
});
