import { describe, expect, it, vi } from 'vitest';
import { h, patch } from './dom.js';

describe('h', () => {
  it('writes attributes, leaves out null ones, and sets checked and handlers as properties', () => {
    const onclick = vi.fn();
    const box = h('input', { type: 'checkbox', checked: true, 'aria-expanded': false, 'aria-controls': null, onclick });
    expect(box.checked).toBe(true);
    expect(box.hasAttribute('checked')).toBe(false);
    expect(box.getAttribute('aria-expanded')).toBe('false');
    expect(box.hasAttribute('aria-controls')).toBe(false);
    box.click();
    expect(onclick).toHaveBeenCalledTimes(1);
    expect(h('p', null, 'a', null, h('b', null, '<i>')).innerHTML).toBe('a<b>&lt;i&gt;</b>');
  });
});

describe('patch', () => {
  it('keeps each element whose tag comes next, updating it, and replaces the rest', () => {
    const parent = h('ul', null, h('li', { class: 'a' }, h('button', null, 'go')), h('p', null, 'note'));
    const [li, p] = [...parent.children];
    const button = li!.firstElementChild;
    patch(parent, [h('li', { id: 'x' }, h('span', null)), h('p', null, 'new note')]);
    expect(parent.innerHTML).toBe('<li id="x"><span></span></li><p>new note</p>');
    expect(parent.children[0]).toBe(li);
    expect(parent.children[1]).toBe(p);
    expect(button!.isConnected).toBe(false);
  });

  it('moves checked state, handlers and inline style across', () => {
    const parent = h('div', null, h('input', { type: 'checkbox' }), h('i', null));
    const box = parent.firstElementChild as HTMLInputElement;
    box.checked = true;
    const onclick = vi.fn();
    const fill = h('i', null);
    fill.style.width = '50%';
    patch(parent, [h('input', { type: 'checkbox', checked: false, onclick }), fill]);
    expect(box.checked).toBe(false);
    box.click();
    expect(onclick).toHaveBeenCalled();
    expect((parent.lastElementChild as HTMLElement).style.width).toBe('50%');
    patch(parent, []);
    expect(parent.childNodes).toHaveLength(0);
  });
});
