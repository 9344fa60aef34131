import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Checklist, Progress } from '../rules/types.js';
import { mountUI, type UIActions, type UIState } from './index.js';
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

const actions = (): UIActions & Record<string, ReturnType<typeof vi.fn>> => ({
  complete: vi.fn(), startGuide: vi.fn(), open: vi.fn(), close: vi.fn(), dismiss: vi.fn(),
});
const shadow = () => document.querySelector('firstwin-app')!.shadowRoot!;
const boxes = () => [...shadow().querySelectorAll<HTMLInputElement>('input[type=checkbox]')];

afterEach(() => {
  document.querySelectorAll('firstwin-app').forEach((e) => e.remove());
  document.body.innerHTML = '';
});

describe('the checklist UI', () => {
  it('renders one host with an open shadow root, a labelled dialog, and N of M', () => {
    const ui = mountUI(document, actions());
    ui.render(state({ progress: progress(['watch']) }));
    expect(document.querySelectorAll('firstwin-app')).toHaveLength(1);
    const dialog = shadow().querySelector('[role=dialog]')!;
    expect(shadow().getElementById(dialog.getAttribute('aria-labelledby')!)!.textContent).toBe('Your first win');
    expect(shadow().querySelector('.progress')!.textContent).toBe('1 of 3');
    expect(shadow().querySelector('.launcher')!.textContent).toContain('1 of 3');
    expect(boxes().map((b) => b.checked)).toEqual([false, true, false]);
    const labels = boxes().map((b) => shadow().querySelector(`label[for="${b.id}"]`)!.textContent);
    expect(labels).toEqual(['Log an interaction', 'Watch the intro', 'Read the docs']);
  });

  it('marks event-driven items read-only and offers their guide or link', () => {
    const a = actions();
    const ui = mountUI(document, a);
    ui.render(state());
    expect(boxes().map((b) => b.getAttribute('aria-readonly'))).toEqual(['true', null, 'true']);
    boxes()[0]!.click();
    expect(a.complete).not.toHaveBeenCalled();
    expect(boxes()[0]!.checked).toBe(false);
    (shadow().querySelector('button.go') as HTMLButtonElement).click();
    expect(a.startGuide).toHaveBeenCalledWith('log');
    expect(shadow().querySelector('a.go')!.getAttribute('href')).toBe('/docs');
    ui.render(state({ checklist: { ...list, items: list.items.map((i) => ({ ...i, href: 'javascript:alert(1)' })) } }));
    expect(shadow().querySelector('a')).toBeNull();
  });

  it('completes a manual item from its checkbox, once', () => {
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

  it('renders hostile titles as text, never HTML', () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    const ui = mountUI(document, actions());
    ui.render(state({ checklist: { ...list, title: evil, items: list.items.map((i) => ({ ...i, title: evil, description: evil })) } }));
    expect(shadow().querySelector('img')).toBeNull();
    expect(shadow().querySelector('h2')!.textContent).toBe(evil);
  });

  it('moves focus into the panel on open, and Escape closes it and returns focus to the launcher', () => {
    const a = actions();
    const ui = mountUI(document, a);
    ui.render(state({ open: false }));
    expect(shadow().querySelector('[role=dialog]')).toBeNull();
    expect(shadow().querySelector('.launcher')!.getAttribute('aria-expanded')).toBe('false');
    ui.render(state({ open: true }));
    expect(shadow().activeElement?.id).toBe('fw-title');
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(a.close).toHaveBeenCalled();
    expect(shadow().activeElement?.className).toBe('launcher');
  });

  it('shows the completion moment and offers dismiss', () => {
    const a = actions();
    const ui = mountUI(document, a);
    ui.render(state({ progress: progress(['log', 'watch', 'docs']) }));
    expect(shadow().querySelector('[role=status]')!.textContent).toContain('All done');
    (shadow().querySelector('.dismiss') as HTMLButtonElement).click();
    expect(a.dismiss).toHaveBeenCalled();
  });

  it('renders nothing when dismissed or without a checklist, and destroy removes the host', () => {
    const ui = mountUI(document, actions());
    ui.render(state({ dismissed: true }));
    expect(shadow().querySelector('.launcher')).toBeNull();
    ui.render(state());
    ui.render(null);
    expect(shadow().querySelector('.launcher')).toBeNull();
    ui.destroy();
    expect(document.querySelector('firstwin-app')).toBeNull();
  });

  it('applies theme custom properties on the host and replaces a second copy\'s host', () => {
    mountUI(document, actions());
    mountUI(document, actions(), { theme: { '--firstwin-accent': 'rgb(1, 2, 3)', color: 'red' } });
    const hosts = document.querySelectorAll<HTMLElement>('firstwin-app');
    expect(hosts).toHaveLength(1);
    expect(hosts[0]!.style.getPropertyValue('--firstwin-accent')).toBe('rgb(1, 2, 3)');
    expect(hosts[0]!.style.getPropertyValue('color')).toBe('');
  });

  it('shows a guide once its target appears, with the guide text as text', async () => {
    const ui = mountUI(document, actions());
    const onMissing = vi.fn();
    ui.showGuide({ ...list.items[0]!, guide: { target: '#log', text: 'Start <b>here</b>' } }, { onMissing, timeoutMs: 1000 });
    expect(shadow().querySelector('[role=tooltip]')).toBeNull();
    const button = document.createElement('button');
    button.id = 'log';
    document.body.append(button);
    await vi.waitFor(() => expect(shadow().querySelector('[role=tooltip]')).not.toBeNull());
    expect(shadow().querySelector('[role=tooltip] p')!.textContent).toBe('Start <b>here</b>');
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    expect(shadow().querySelector('[role=tooltip]')).toBeNull();
    expect(onMissing).not.toHaveBeenCalled();
  });
});

describe('waitForElement', () => {
  it('resolves when the element is added later', async () => {
    const found = new Promise<Element | null>((r) => waitForElement(document, '.late', 1000, r));
    setTimeout(() => document.body.append(Object.assign(document.createElement('div'), { className: 'late' })), 20);
    expect((await found)?.className).toBe('late');
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
});
