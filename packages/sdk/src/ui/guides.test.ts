import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChecklistItem } from '../rules/types.js';
import * as guide from './guide/index.js';
import { createGuides } from './guides.js';
import { mountHost } from './mount.js';
import { pickStrings } from './strings.js';
import type { GuideModule } from './types.js';

const item: ChecklistItem = { id: 'log', title: 'Log an interaction', completeOn: { event: 'x' }, guide: { target: '#log' } };
const host = () => {
  const { host: el, root, announce, addStyles } = mountHost(document, {});
  return { doc: document, host: el, root, announce, addStyles, strings: pickStrings(undefined) };
};
const tip = () => document.querySelector('firstwin-app')!.shadowRoot!.querySelector('#fw-tip');
const settle = () => new Promise((r) => setTimeout(r, 5));

afterEach(() => {
  document.body.innerHTML = '';
});

describe('guides, their code loaded when first needed', () => {
  it('report a load that fails, show nothing, and load again for the next guide', async () => {
    document.body.append(Object.assign(document.createElement('button'), { id: 'log' }));
    const load = vi.fn<() => Promise<GuideModule>>().mockRejectedValueOnce(new Error('offline')).mockResolvedValue(guide);
    const guides = createGuides(host(), load);
    const onLoadError = vi.fn();
    guides.show(item, { onMissing: vi.fn(), onLoadError });
    await settle();
    expect(onLoadError).toHaveBeenCalledWith(new Error('offline'));
    expect(tip()).toBeNull();
    guides.show(item, { onMissing: vi.fn(), onLoadError });
    await vi.waitFor(() => expect(tip()).not.toBeNull());
    expect(load).toHaveBeenCalledTimes(2);
    expect(onLoadError).toHaveBeenCalledTimes(1);
    guides.show(item, { onMissing: vi.fn() });
    expect(load).toHaveBeenCalledTimes(2); // loaded once is loaded
  });

  it('never show a guide hidden or replaced while its code loads; one at a time', async () => {
    document.body.append(
      Object.assign(document.createElement('button'), { id: 'log' }),
      Object.assign(document.createElement('button'), { id: 'other' }),
    );
    const guides = createGuides(host(), async () => guide);
    guides.show(item, { onMissing: vi.fn() });
    guides.hide();
    await settle();
    expect(tip()).toBeNull();
    const first = vi.fn();
    guides.show(item, { onMissing: vi.fn(), onClose: first });
    await vi.waitFor(() => expect(tip()).not.toBeNull());
    guides.show({ ...item, guide: { target: '#other', text: 'Second' } }, { onMissing: vi.fn() });
    await vi.waitFor(() => expect(tip()!.textContent).toContain('Second'));
    expect(first).toHaveBeenCalledTimes(1);
    expect(document.querySelector('firstwin-app')!.shadowRoot!.querySelectorAll('#fw-tip')).toHaveLength(1);
    guides.hide();
    expect(tip()).toBeNull();
  });

  it('prefetch once, in idle time, and keep quiet when that fails', async () => {
    const load = vi.fn<() => Promise<GuideModule>>().mockRejectedValue(new Error('offline'));
    const guides = createGuides(host(), load);
    guides.prefetch();
    guides.prefetch();
    expect(load).not.toHaveBeenCalled();
    await settle();
    expect(load).toHaveBeenCalledTimes(1);
  });
});
