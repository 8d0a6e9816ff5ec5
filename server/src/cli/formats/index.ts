// The output formats of `lint`, by the name `--format` takes.
import type { Formatter } from './format';
import { github } from './github';
import { gitlab } from './gitlab';
import { json } from './json';
import { sarif } from './sarif';
import { text } from './text';

export const FORMATS = { text, json, sarif, github, gitlab } satisfies Record<string, Formatter>;
export type Format = keyof typeof FORMATS;

/** Formats whose whole output is one document for a machine: no summary goes with them, even on stderr. */
export const DOCUMENT_FORMATS: ReadonlySet<Format> = new Set(['json', 'sarif', 'gitlab']);
