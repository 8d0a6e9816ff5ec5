// `--format json`: every result with its file, as one array; ranges are LSP's (0-based, UTF-16 columns).
import type { Formatter } from './format';

export const json: Formatter = (files) =>
  `${JSON.stringify(files.flatMap(({ file, results }) => results.map((result) => ({ file, ...result }))), null, 2)}\n`;
