import { browserPlatform } from './core/browser-platform.js';
import { createInstance } from './core/instance.js';
import { replay, type QueuedCall } from './core/replay.js';
import type { Firstwin } from './core/types.js';
import { scriptLoaders } from './script-loader.js';

type Global = Firstwin & { version: string };
const w = window as unknown as { Firstwin?: Partial<Global> & { q?: QueuedCall[] } };

// Loaded twice (a vendor's template and a tag manager): the first copy stays in charge.
if (!w.Firstwin?.version) {
  const queued = w.Firstwin?.q ?? [];
  const script = (document.currentScript ?? document.querySelector('script[data-key][data-endpoint]')) as HTMLScriptElement | null;
  // The code fetched later is in files beside this one: a vendor copies one folder, whatever its URL.
  const fw = createInstance(browserPlatform(scriptLoaders(document, script?.src || location.href)));
  w.Firstwin = { ...fw, version: '0.1.0' };
  const data = script?.dataset;
  if (data?.key && data.endpoint && !queued.some(([method]) => method === 'init')) {
    fw.init({ key: data.key, endpoint: data.endpoint, debug: data.debug !== undefined && data.debug !== 'false', locale: data.locale });
  }
  replay(fw, queued);
}
