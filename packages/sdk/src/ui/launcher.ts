import { h } from './dom.js';

interface Props {
  title: string;
  done: number;
  total: number;
  celebrate: boolean;
  onClick(): void;
}

/** The entry point while the panel is closed; its name says where the person stands ("1 of 4"). */
export const Launcher = ({ title, done, total, celebrate, onClick }: Props) =>
  h('button', {
    type: 'button',
    class: celebrate ? 'launcher celebrate' : 'launcher',
    'aria-haspopup': 'dialog',
    onclick: onClick,
  },
  h('span', { class: 'title' }, title),
  h('span', { class: 'count' }, `${done} of ${total}`));
