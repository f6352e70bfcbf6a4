import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project root (where package.json, content/ and dist/ live). Found by walking up from this
 * module so it is the same whether the code runs from source (tsx, vitest) or bundled in dist/.
 */
export function appRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
      if (name === 'linli') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the Linli project root above ${from}`);
    dir = parent;
  }
}

export function appVersion(root = appRoot()): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

export const contentDir = (root = appRoot()): string => join(root, 'content');
export const rendererDir = (root = appRoot()): string => join(root, 'dist', 'renderer');
