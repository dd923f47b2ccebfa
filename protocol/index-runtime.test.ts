/**
 * protocol/index.ts is what the extension imports, and its bundles stay small (bench/extension.ts):
 * the modules it takes values from must not bring TypeBox along (schemas are types there). Their
 * own imports are followed, so a value pulled in through a helper module is caught too.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const VALUE_IMPORT = /^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm;

function valueImports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(VALUE_IMPORT)].map((match) => match[1] ?? '');
}

describe('protocol/index.ts', () => {
  it('takes values only from modules that import no TypeBox at runtime', () => {
    const seen = new Set<string>();
    const pending = [join(here, 'index.ts')];
    const typeboxFrom: string[] = [];
    while (pending.length > 0) {
      const file = pending.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const source of valueImports(file)) {
        if (source.startsWith('@sinclair/typebox')) typeboxFrom.push(file.slice(here.length + 1));
        else if (source.startsWith('.')) pending.push(join(dirname(file), source));
      }
    }
    expect(seen.size).toBeGreaterThan(5);
    expect(typeboxFrom).toEqual([]);
  });
});
