import { h } from './dom.js';
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
export const Launcher = ({ title, done, total, open, celebrate, onClick }: Props) =>
  h('button', {
    type: 'button',
    class: celebrate ? 'launcher celebrate' : 'launcher',
    'aria-expanded': open,
    'aria-controls': open ? PANEL_ID : null,
    onclick: onClick,
  },
  h('span', { class: 'title' }, title),
  h('span', { class: 'count' }, `${done} of ${total}`));
