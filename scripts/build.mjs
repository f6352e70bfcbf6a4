// Builds everything the kiosk runs: checks content, generates the renderer's zh-Hant strings and
// pinyin table, bundles the renderer (Vite), the core (esbuild, ESM) and the Electron shell
// (esbuild, CommonJS as Electron's sandboxed preload needs).
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

run(process.execPath, ['--import', 'tsx', 'scripts/check-content.ts']);
// Traditional Chinese UI strings and the pinyin candidate table, which the renderer bundles.
run(process.execPath, ['--import', 'tsx', 'scripts/i18n-build.ts']);
run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);

const node = { bundle: true, platform: 'node', target: 'node20', packages: 'external', sourcemap: true, logLevel: 'warning', absWorkingDir: root };
await build({ ...node, entryPoints: ['main/cli.ts'], outfile: 'dist/main/cli.js', format: 'esm' });
// The core finds its files from import.meta.url, which esbuild leaves empty in CommonJS output.
await build({
  ...node,
  entryPoints: ['main/electron/main.ts'],
  outfile: 'dist/electron/main.cjs',
  format: 'cjs',
  external: ['electron'],
  define: { 'import.meta.url': '__linliImportMetaUrl' },
  banner: { js: "const __linliImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
await build({ ...node, entryPoints: ['main/electron/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs', external: ['electron'], packages: undefined });
process.stdout.write('build ok\n');
