import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { h } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChecklistItem } from '../rules/types.js';
import { Item } from './item.js';
import { en } from './strings.js';

afterEach(cleanup);
const row = (item: ChecklistItem, done = false, counts = false) => {
  const on = { onComplete: vi.fn(), onGuide: vi.fn() };
  render(
    <ul>
      <Item item={item} done={done} index={0} counts={counts} strings={en} {...on} />
    </ul>,
  );
  return on;
};

describe('<Item>', () => {
  it('renders an event-driven item read-only: a click neither checks it nor completes it', () => {
    const on = row({ id: 'a', title: 'Log a call', description: 'One minute.', completeOn: { event: 'x' }, guide: { target: '#a' } });
    const box = screen.getByRole('checkbox', { name: 'Log a call' }) as HTMLInputElement;
    expect(box.getAttribute('aria-readonly')).toBe('true');
    expect(document.getElementById(box.getAttribute('aria-describedby')!)!.textContent).toBe('One minute.');
    fireEvent.click(box);
    expect(box.checked).toBe(false);
    expect(on.onComplete).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Show me' }));
    expect(on.onGuide).toHaveBeenCalledWith('a');
  });

  it('completes a manual item from its checkbox, and a done one never unchecks', () => {
    const on = row({ id: 'm', title: 'Watch the intro', completeOn: 'manual' });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Watch the intro' }));
    expect(on.onComplete).toHaveBeenCalledWith('m');
    cleanup();
    const again = row({ id: 'm', title: 'Watch the intro', completeOn: 'manual' }, true);
    const box = screen.getByRole('checkbox', { name: 'Watch the intro' }) as HTMLInputElement;
    fireEvent.click(box);
    expect(box.checked).toBe(true);
    expect(again.onComplete).not.toHaveBeenCalled();
  });

  it('links only where a link cannot run script, and offers nothing once done', () => {
    row({ id: 'l', title: 'Docs', completeOn: { event: 'y' }, href: 'javascript:alert(1)' });
    expect(screen.queryByRole('link')).toBeNull();
    cleanup();
    row({ id: 'l', title: 'Docs', completeOn: { event: 'y' }, href: '/docs' }, true);
    expect(screen.queryByRole('link')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('says when it counts toward the first win', () => {
    row({ id: 'k', title: 'Move a deal', completeOn: { event: 'z' } }, false, true);
    const box = screen.getByRole('checkbox', { name: 'Move a deal' });
    expect(document.getElementById(box.getAttribute('aria-describedby')!)!.textContent).toBe('First win');
  });
});
