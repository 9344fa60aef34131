import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { h } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Tooltip } from './tooltip.js';

afterEach(() => {
  cleanup();
  document.body.innerHTML = '';
});
const target = () => document.body.appendChild(Object.assign(document.createElement('button'), { id: 'log', textContent: 'Log' }));

describe('<Tooltip>', () => {
  it('is a non-modal dialog named by its title and described by its text, closed by "Got it"', () => {
    const onClose = vi.fn();
    render(<Tooltip target={target()} placement="bottom" title="Log an interaction" text="Start here." gotIt="Got it" onClose={onClose} />);
    const tip = screen.getByRole('dialog', { name: 'Log an interaction' });
    expect(tip.getAttribute('aria-modal')).toBe('false');
    expect(document.getElementById(tip.getAttribute('aria-describedby')!)!.textContent).toBe('Start here.');
    fireEvent.click(screen.getByRole('button', { name: 'Got it' }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('is placed by Floating UI: fixed coordinates and the arrow on the side facing the target', async () => {
    render(<Tooltip target={target()} placement="top" title="T" text={undefined} gotIt="OK" onClose={() => {}} />);
    const tip = screen.getByRole('dialog', { name: 'T' });
    await waitFor(() => expect(tip.style.left).toMatch(/px$/));
    expect(tip.style.top).toMatch(/px$/);
    expect(tip.getAttribute('aria-describedby')).toBeNull();
    expect(tip.querySelector<HTMLElement>('.arrow')!.style.bottom).toBe('-5px');
  });

  it('closes on Escape or a click on its target, and stops listening once unmounted', () => {
    const onClose = vi.fn();
    const el = target();
    const { unmount } = render(<Tooltip target={el} placement="bottom" title="T" text="x" gotIt="OK" onClose={onClose} />);
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    el.click();
    expect(onClose).toHaveBeenCalledTimes(2);
    unmount();
    el.click();
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(onClose).toHaveBeenCalledTimes(2);
  });
});
