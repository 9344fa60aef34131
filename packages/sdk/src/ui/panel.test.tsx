import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { h } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Checklist, Progress } from '../rules/types.js';
import { Panel } from './panel.js';
import { en, pickStrings } from './strings.js';
import type { UIActions, UIState } from './types.js';

const list: Checklist = {
  id: 'c',
  role: 'end_user',
  title: 'Your first win',
  items: [
    { id: 'log', title: 'Log an interaction', completeOn: { event: 'x' }, guide: { target: '#log' } },
    { id: 'move', title: 'Move a deal', completeOn: { event: 'y' }, href: '/deals' },
    { id: 'watch', title: 'Watch the intro', completeOn: 'manual' },
  ],
  activation: ['log', 'move'],
};
const progress = (done: string[]): Progress => ({
  checklistId: 'c',
  activated: false,
  activatedAt: null,
  items: list.items.map((i) => ({ id: i.id, done: done.includes(i.id), completedAt: null })),
});
const actions = (): UIActions => ({ complete: vi.fn(), startGuide: vi.fn(), open: vi.fn(), close: vi.fn(), dismiss: vi.fn() });
const state = (done: string[], extra: Partial<UIState> = {}): UIState => ({
  checklist: list,
  progress: progress(done),
  open: true,
  dismissed: false,
  ...extra,
});

afterEach(cleanup);

describe('<Panel>', () => {
  it('is a non-modal dialog named by its title, with N of M and one checkbox per item named by its title', () => {
    render(<Panel state={state(['watch'])} actions={actions()} strings={en} />);
    const dialog = screen.getByRole('dialog', { name: 'Your first win' });
    expect(dialog.getAttribute('aria-modal')).toBe('false');
    expect(screen.getByText('1 of 3')).toBeTruthy();
    expect(
      screen.getAllByRole('checkbox').map((b) => [(b as HTMLInputElement).labels![0]!.textContent, (b as HTMLInputElement).checked]),
    ).toEqual([
      ['Log an interaction', false],
      ['Move a deal', false],
      ['Watch the intro', true],
    ]);
  });

  it('says how many steps are left to the first win and marks the items that count', () => {
    const { rerender } = render(<Panel state={state(['watch'])} actions={actions()} strings={en} />);
    expect(screen.getByText('2 steps to your first win')).toBeTruthy();
    const marked = screen.getAllByRole('checkbox').filter((b) => b.getAttribute('aria-describedby')?.includes('-k'));
    expect(marked.map((b) => (b as HTMLInputElement).labels![0]!.textContent)).toEqual(['Log an interaction', 'Move a deal']);
    expect(document.getElementById(marked[0]!.getAttribute('aria-describedby')!.split(' ')[0]!)!.textContent).toBe('First win');
    rerender(<Panel state={state(['log'])} actions={actions()} strings={en} />);
    expect(screen.getByText('1 step to your first win')).toBeTruthy();
    rerender(<Panel state={state(['log', 'move'])} actions={actions()} strings={en} />);
    expect(screen.getByText('First win reached. You are set up!')).toBeTruthy();
    expect(screen.queryByText(/steps? to your first win/)).toBeNull();
  });

  it('marks nothing when every item counts (no activation list): N of M says it all', () => {
    const all = { ...list, activation: undefined };
    render(<Panel state={{ ...state([]), checklist: all }} actions={actions()} strings={en} />);
    expect(screen.queryByText(/to your first win|First win reached/)).toBeNull();
    expect(screen.getAllByRole('checkbox').every((b) => !b.getAttribute('aria-describedby'))).toBe(true);
  });

  it('speaks the words it is given', () => {
    render(
      <Panel state={state([])} actions={actions()} strings={pickStrings(undefined, { dismiss: 'Hide for good', showMe: 'Guide me' })} />,
    );
    expect(screen.getByRole('button', { name: 'Hide for good' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Guide me' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Guide me' }).getAttribute('href')).toBe('/deals');
  });

  it("calls its actions: close (the person's own), dismiss, a guide, a manual completion", () => {
    const a = actions();
    render(<Panel state={state([])} actions={a} strings={en} />);
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(a.close).toHaveBeenCalledWith(true);
    fireEvent.click(screen.getByRole('button', { name: "Don't show again" }));
    expect(a.dismiss).toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Show me' }));
    expect(a.startGuide).toHaveBeenCalledWith('log');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Watch the intro' }));
    expect(a.complete).toHaveBeenCalledWith('watch');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Log an interaction' }));
    expect(a.complete).toHaveBeenCalledTimes(1); // event-driven: read-only
  });
});
