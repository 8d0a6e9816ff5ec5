// `.k8s-persistence.yaml`: the CLI's settings, found upward from each linted file (or given with --config), in
// the editor's terms: `rules: {<id>: <level>}`, `defaultStorageRequest`
// and `maxFileSize`. Validated against the settings schema.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { configFileSchema } from '../service/settingsSchema';
import { defaultSettings, RuleLevel, Settings } from '../settings';

export const CONFIG_FILES = ['.k8s-persistence.yaml', '.k8s-persistence.yml'];

/** A configuration file that cannot be used: exit status 2. */
export class ConfigError extends Error {}

/** What the command line sets; it wins over any file. */
export interface Overrides {
  readonly rules: Readonly<Record<string, RuleLevel>>;
  readonly defaultStorageRequest?: string;
}

interface ConfigFile {
  readonly rules?: Record<string, RuleLevel>;
  readonly defaultStorageRequest?: string;
  readonly maxFileSize?: number;
}

const validate = new Ajv({ allErrors: true }).compile<ConfigFile>(configFileSchema());

export class ConfigResolver {
  private readonly byDirectory = new Map<string, string | undefined>();
  private readonly byFile = new Map<string, ConfigFile>();

  /** `explicit`: the --config file, used for every linted file instead of the search. */
  constructor(private readonly explicit?: string) {}

  /** The settings for a linted file: defaults, then its configuration file, then the command line. */
  settingsFor(file: string, overrides: Overrides): Settings {
    const configPath = this.explicit ?? this.find(path.dirname(path.resolve(file)));
    const config = configPath ? this.read(configPath) : {};
    return {
      defaultStorageRequest: overrides.defaultStorageRequest ?? config.defaultStorageRequest ?? defaultSettings.defaultStorageRequest,
      rules: { ...config.rules, ...overrides.rules },
      maxFileSize: config.maxFileSize ?? defaultSettings.maxFileSize,
    };
  }

  /** The nearest configuration file in `directory` or above it. */
  private find(directory: string): string | undefined {
    if (this.byDirectory.has(directory)) return this.byDirectory.get(directory);
    const here = CONFIG_FILES.map((name) => path.join(directory, name)).find((candidate) => fs.existsSync(candidate));
    const parent = path.dirname(directory);
    const found = here ?? (parent === directory ? undefined : this.find(parent));
    this.byDirectory.set(directory, found);
    return found;
  }

  private read(file: string): ConfigFile {
    const cached = this.byFile.get(file);
    if (cached) return cached;
    let value: unknown;
    try {
      value = parse(fs.readFileSync(file, 'utf8')) ?? {};
      // A key whose entries are all commented out reads as null: as in the editor's settings, that is empty.
      if (isRecord(value)) for (const key of Object.keys(value)) if (value[key] === null) delete value[key];
    } catch (error) {
      throw new ConfigError(`${file}: ${(error as Error).message.split('\n')[0]}`);
    }
    if (!validate(value)) {
      const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '(top level)'} ${e.message}${describeParams(e.params)}`);
      throw new ConfigError(`${file}: ${problems.join('; ')}`);
    }
    this.byFile.set(file, value);
    return value;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeParams(params: Record<string, unknown>): string {
  if ('additionalProperty' in params) return ` ('${String(params.additionalProperty)}')`;
  if ('allowedValues' in params) return ` (${(params.allowedValues as unknown[]).join(', ')})`;
  return '';
}
