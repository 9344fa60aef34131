import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The collector's three rooms, and the one way their imports run: `http` → `domain` ← `store`.
 * `domain` is the rules, with no I/O: of ours it imports only `@firstwin/sdk/rules`. `index.ts`
 * and `cli.ts` put the rooms together. Type imports count too: a circle of types is still a circle.
 */
const src = dirname(fileURLToPath(import.meta.url));
const sources = (readdirSync(src, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'test-helpers.ts')
  .map((f) => f.split('\\').join('/'));
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/g;

/** Each source file's imports: our own files by their path under src/, anything else as written. */
const imports = new Map(
  sources.map((file) => {
    const text = readFileSync(join(src, file), 'utf8');
    const specs = [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2])!);
    return [
      file,
      specs.map((s) =>
        s.startsWith('.')
          ? relative(src, resolve(src, dirname(file), s))
              .replace(/\.js$/, '.ts')
              .split('\\')
              .join('/')
          : s,
      ),
    ];
  }),
);
const room = (file: string) => file.split('/')[0]!;

describe('the layout', () => {
  it('has its three rooms', () => {
    for (const r of ['domain', 'store', 'http'])
      expect(
        sources.some((f) => room(f) === r),
        r,
      ).toBe(true);
  });

  it('keeps the domain free of storage, HTTP and any package of ours but the rules', () => {
    const wrong = [...imports].flatMap(([file, specs]) =>
      room(file) !== 'domain'
        ? []
        : specs
            .filter(
              (s) =>
                (sources.includes(s) && room(s) !== 'domain') ||
                (s.startsWith('@firstwin/') && s !== '@firstwin/sdk/rules') ||
                /^(node:)?(fs|net|http|https|worker_threads|child_process)(\/|$)/.test(s) ||
                ['better-sqlite3', 'pg', 'fastify'].includes(s),
            )
            .map((s) => `${file} → ${s}`),
    );
    expect(wrong).toEqual([]);
  });

  it('runs http → domain ← store: neither of those two imports the other', () => {
    const wrong = [...imports].flatMap(([file, specs]) =>
      specs
        .filter((s) => (room(file) === 'store' && room(s) === 'http') || (room(file) === 'http' && room(s) === 'store'))
        .map((s) => `${file} → ${s}`),
    );
    expect(wrong).toEqual([]);
  });

  it('has no circle of imports', () => {
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') return void circles.push([...path.slice(path.indexOf(file)), file].join(' → '));
      state.set(file, 'open');
      for (const s of imports.get(file) ?? []) if (imports.has(s)) visit(s, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of sources) visit(file, []);
    expect(circles).toEqual([]);
    // The check itself finds imports: a pattern that matched nothing would pass any layout.
    expect(imports.get('index.ts')).toContain('http/app.ts');
  });
});
