import fs from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { describeIssues } from './problems.ts';
import { siteConfigSchema, type SiteConfig } from './schema.ts';

export const DEFAULT_CONFIG_FILE = 'kiosk.config.yaml';

/** A site file that cannot be used, with every problem found in it. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`Site configuration ${file} cannot be used:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadedSiteConfig {
  config: SiteConfig;
  source: 'file' | 'defaults';
  path?: string;
}

/**
 * Reads the site file named by `path`, else by `LINLI_CONFIG`, else `./kiosk.config.yaml` if
 * present. With no file at all the kiosk runs on defaults with simulated devices, so it can be
 * shown on any machine. Any problem with a file throws `ConfigError`; there is no falling back
 * to defaults once a file was meant to be used.
 */
export function loadSiteConfig(opts: { path?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): LoadedSiteConfig {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const named = opts.path ?? (env.LINLI_CONFIG || undefined);
  const file = named !== undefined ? path.resolve(cwd, named) : findDefaultFile(cwd);
  if (file === undefined) {
    const config = siteConfigSchema.parse({});
    config.devices.simulate = true;
    return { config, source: 'defaults' };
  }
  const config = parseSiteConfig(readConfigFile(file), file);
  if (config.dataDir !== undefined) config.dataDir = path.resolve(path.dirname(file), config.dataDir);
  return { config, source: 'file', path: file };
}

/** Validates the text of a site file; `file` names it in the error. */
export function parseSiteConfig(text: string, file: string): SiteConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, logLevel: 'silent' });
  const yamlProblems = [...document.errors, ...document.warnings].map((error) => describeYamlError(error, lineCounter));
  if (yamlProblems.length > 0) throw new ConfigError(file, yamlProblems);

  let data: unknown;
  try {
    data = document.toJS();
  } catch (error) {
    throw new ConfigError(file, [(error as Error).message]);
  }
  const result = siteConfigSchema.safeParse(data ?? {}, { reportInput: true });
  if (!result.success) throw new ConfigError(file, describeIssues(result.error.issues));
  return result.data;
}

/**
 * The data directory: `dataDir` from the site file, else `LINLI_DATA_DIR`, else `.data` in the
 * working directory.
 */
export function resolveDataDir(config: SiteConfig, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return path.resolve(cwd, config.dataDir ?? (env.LINLI_DATA_DIR || '.data'));
}

function findDefaultFile(cwd: string): string | undefined {
  const candidate = path.join(cwd, DEFAULT_CONFIG_FILE);
  return fs.existsSync(candidate) ? candidate : undefined;
}

function readConfigFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(file, [code === 'ENOENT' ? 'file not found' : `cannot read the file: ${(error as Error).message}`]);
  }
}

function describeYamlError(error: YAMLError, lineCounter: LineCounter): string {
  const { line, col } = lineCounter.linePos(error.pos[0]);
  return `line ${line}, column ${col}: ${error.message}`;
}
