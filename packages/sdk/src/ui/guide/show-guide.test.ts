import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { ChecklistItem } from '../../rules/types.js';
import { mountHost } from '../mount.js';
import { pickStrings } from '../strings.js';
import type { GuideOptions } from '../types.js';
import { showGuide } from './show-guide.js';

const item: ChecklistItem = {
  id: 'log',
  title: 'Log an interaction',
  description: 'Takes a minute.',
  completeOn: { event: 'x' },
  guide: { target: '#log' },
};
const shadow = () => document.querySelector('firstwin-app')!.shadowRoot!;
const $ = <E extends Element = HTMLElement>(sel: string) => shadow().querySelector<E>(sel);
const escape = (from: EventTarget) => from.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
const addTarget = (id = 'log') => document.body.appendChild(Object.assign(document.createElement('button'), { id }));
/** What mountUI hands the guide code: the host, its shadow root, the live region, the words. */
const mountUI = () => {
  const { host, root, announce, addStyles } = mountHost(document, {});
  const ui = { doc: document, host, root, announce, addStyles, strings: pickStrings(undefined) };
  let stop: (() => void) | undefined;
  return {
    showGuide(it: ChecklistItem, opts: GuideOptions) {
      stop?.();
      stop = showGuide(ui, it, opts);
    },
    hideGuide: () => stop?.(),
    destroy() {
      stop?.();
      host.remove();
    },
  };
};

afterEach(() => {
  document.querySelectorAll('firstwin-app').forEach((e) => e.remove());
  document.body.innerHTML = '';
  vi.useRealTimers();
});

describe('guides', () => {
  const tip = () => $('#fw-tip');

  it('show once the target appears, with title and text as text', async () => {
    const ui = mountUI();
    const onMissing = vi.fn();
    const onClose = vi.fn();
    ui.showGuide({ ...item, guide: { target: '#log', text: 'Start <b>here</b>' } }, { onMissing, onClose, timeoutMs: 1000 });
    expect(tip()).toBeNull();
    addTarget();
    await vi.waitFor(() => expect(tip()).not.toBeNull());
    expect(tip()!.querySelector('h2')!.textContent).toBe('Log an interaction');
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

  it('say themselves in the live region only when focus stays elsewhere on the page; the tip is a dialog named by its title', () => {
    const ui = mountUI();
    addTarget();
    const input = document.body.appendChild(document.createElement('input'));
    input.focus(); // the person is typing: focus stays
    ui.showGuide(item, { onMissing: vi.fn() });
    expect(document.activeElement).toBe(input);
    expect($('[role=status]')!.textContent).toBe('Log an interaction. Takes a minute.');
    // A non-modal dialog named by its title and described by its text, which "Got it" is inside.
    expect(tip()!.getAttribute('role')).toBe('dialog');
    expect(tip()!.getAttribute('aria-modal')).toBe('false');
    expect(shadow().getElementById(tip()!.getAttribute('aria-labelledby')!)!.textContent).toBe('Log an interaction');
    expect(shadow().getElementById(tip()!.getAttribute('aria-describedby')!)!.textContent).toBe('Takes a minute.');
    expect(tip()!.querySelector('.tip-close')!.textContent).toBe('Got it');
    escape(document.body);
    expect($('[role=status]')!.textContent).toBe('');
  });

  it('give the target back the description it had', () => {
    const ui = mountUI();
    const target = addTarget();
    target.setAttribute('aria-description', "the page's own");
    ui.showGuide(item, { onMissing: vi.fn() });
    expect(target.getAttribute('aria-description')).toBe('Log an interaction. Takes a minute.');
    target.click();
    expect(target.getAttribute('aria-description')).toBe("the page's own");
  });

  it('close from their button or a click on the target', () => {
    const ui = mountUI();
    const target = addTarget();
    const onClose = vi.fn();
    ui.showGuide(item, { onMissing: vi.fn(), onClose });
    expect(tip()).not.toBeNull();
    tip()!.querySelector<HTMLElement>('.tip-close')!.focus();
    tip()!.querySelector<HTMLElement>('.tip-close')!.click();
    expect(tip()).toBeNull();
    expect(document.activeElement).toBe(target);
    ui.showGuide(item, { onMissing: vi.fn(), onClose });
    target.click();
    expect(tip()).toBeNull();
    expect(onClose).toHaveBeenCalledTimes(2);
  });

  it('move focus lost with the panel to the target', () => {
    const ui = mountUI();
    const target = addTarget();
    (document.activeElement as HTMLElement | null)?.blur();
    ui.showGuide(item, { onMissing: vi.fn() });
    expect(document.activeElement).toBe(target);
  });

  it('report a target that never appears once, show nothing and throw nothing', async () => {
    vi.useFakeTimers();
    const ui = mountUI();
    const onMissing = vi.fn();
    const onClose = vi.fn();
    expect(() => ui.showGuide(item, { onMissing, onClose })).not.toThrow();
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
    const ui = mountUI();
    const dialog = document.body.appendChild(document.createElement('dialog'));
    const target = dialog.appendChild(Object.assign(document.createElement('button'), { id: 'log' }));
    dialog.showModal();
    // happy-dom has no top layer, so no :modal either
    vi.spyOn(dialog, 'matches').mockImplementation((sel: string) => sel === ':modal' || Element.prototype.matches.call(dialog, sel));
    const onClose = vi.fn();
    ui.showGuide(item, { onMissing: vi.fn(), onClose });
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
    const ui = mountUI();
    const onMissing = vi.fn();
    ui.showGuide({ ...item, guide: { target: '##!' } }, { onMissing });
    expect(onMissing).toHaveBeenCalledTimes(1);
  });

  it('hide when a route change removes the target, and come back with it', async () => {
    const ui = mountUI();
    const onClose = vi.fn();
    const target = addTarget();
    ui.showGuide(item, { onMissing: vi.fn(), onClose, timeoutMs: 2000 });
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

  it('follow the panel\'s "Show me" to the item\'s page when the target is not on this one, and resume there', () => {
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => {});
    onTestFinished(() => {
      assign.mockRestore();
      sessionStorage.clear();
    });
    const ui = mountUI();
    const onMissing = vi.fn();
    const away = { ...item, href: '/interactions/new' };
    ui.showGuide(away, { onMissing, timeoutMs: 1000 }); // startGuide() from the app waits here
    expect(assign).not.toHaveBeenCalled();
    addTarget();
    ui.showGuide(away, { onMissing, follow: true }); // the target is here: shown here
    expect(assign).not.toHaveBeenCalled();
    document.body.innerHTML = '';
    ui.showGuide(away, { onMissing, follow: true });
    expect(assign).toHaveBeenCalledWith(new URL('/interactions/new', location.href).href);
    expect(sessionStorage.getItem('firstwin:guide')).toBe('log');
    ui.showGuide({ ...away, href: location.pathname }, { onMissing, follow: true, timeoutMs: 1000 }); // already on that page
    expect(assign).toHaveBeenCalledTimes(1);
    ui.destroy();
  });
});
