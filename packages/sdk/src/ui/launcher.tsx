// Classic JSX: the script tag then needs no preact/jsx-runtime beside createElement.
/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
import { h } from 'preact';
import { PANEL_ID } from './panel.js';

interface Props {
  title: string;
  done: number;
  total: number;
  open: boolean;
  celebrate: boolean;
  onClick(): void;
}

/** The always-visible entry point; its name says where the person stands ("1 of 4"). */
export function Launcher({ title, done, total, open, celebrate, onClick }: Props) {
  return (
    <button
      type="button"
      class={celebrate ? 'launcher celebrate' : 'launcher'}
      aria-expanded={open}
      aria-controls={open ? PANEL_ID : undefined}
      onClick={onClick}
    >
      <span class="title">{title}</span>
      <span class="count">{done} of {total}</span>
    </button>
  );
}
