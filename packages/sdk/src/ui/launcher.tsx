import { h } from 'preact';
import { fill, type Strings } from './strings.js';

interface Props {
  title: string;
  done: number;
  total: number;
  celebrate: boolean;
  strings: Strings;
  onClick(): void;
}

/** The entry point while the panel is closed; its name says where the person stands ("1 of 4"). */
export function Launcher({ title, done, total, celebrate, strings, onClick }: Props) {
  return (
    <button type="button" class={celebrate ? 'launcher celebrate' : 'launcher'} aria-haspopup="dialog" onClick={onClick}>
      <span class="title">{title}</span>
      <span class="count">{fill(strings.progress, { n: done, m: total })}</span>
    </button>
  );
}
