import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { h } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Launcher } from './launcher.js';
import { en, pickStrings } from './strings.js';

afterEach(cleanup);

describe('<Launcher>', () => {
  it('is a button named by the checklist and where the person stands, that opens the panel', () => {
    const onClick = vi.fn();
    render(<Launcher title="Your first win" done={1} total={4} celebrate={false} strings={en} onClick={onClick} />);
    const button = screen.getByRole('button', { name: 'Your first win 1 of 4' });
    expect(button.getAttribute('aria-haspopup')).toBe('dialog');
    expect(button.classList.contains('celebrate')).toBe(false);
    fireEvent.click(button);
    expect(onClick).toHaveBeenCalledTimes(1);
  });

  it('celebrates a finished checklist, in the words it is given', () => {
    render(
      <Launcher
        title="Ihr erster Erfolg"
        done={4}
        total={4}
        celebrate
        strings={pickStrings({ ...en, progress: '{n} von {m}' })}
        onClick={() => {}}
      />,
    );
    const button = screen.getByRole('button', { name: 'Ihr erster Erfolg 4 von 4' });
    expect(button.classList.contains('celebrate')).toBe(true);
  });
});
