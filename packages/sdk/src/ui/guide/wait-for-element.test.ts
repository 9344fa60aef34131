import { afterEach, describe, expect, it, vi } from 'vitest';
import { waitForElement } from './wait-for-element.js';

afterEach(() => {
  document.body.innerHTML = '';
  vi.useRealTimers();
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
