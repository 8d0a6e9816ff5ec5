// Go templates (Helm charts) are not YAML until rendered: which documents are, and so get no diagnostics.
import { isScalar, Scalar, visit } from 'yaml';
import type { YamlDocument } from './parse';

const BLOCK_SCALARS = new Set<string | undefined>([Scalar.BLOCK_LITERAL, Scalar.BLOCK_FOLDED]);

/**
 * A document is a Go template when `{{` stands anywhere but inside a block scalar (`|`, `>`) or a comment: there it
 * is text, such as an alerting template in a ConfigMap, and the manifest around it is plain YAML. In a quoted string
 * it counts: that is how Helm charts write most of their expressions.
 */
export function isGoTemplate(yaml: YamlDocument): boolean {
  const { text } = yaml;
  if (!text.includes('{{')) return false;
  const scalars: { start: number; end: number; block: boolean }[] = [];
  for (const doc of yaml.docs) {
    visit(doc, {
      Scalar(_, node) {
        if (isScalar(node) && node.range) scalars.push({ start: node.range[0], end: node.range[1], block: BLOCK_SCALARS.has(node.type) });
      },
    });
  }
  for (let at = text.indexOf('{{'); at !== -1; at = text.indexOf('{{', at + 2)) {
    const scalar = scalars.find(({ start, end }) => start <= at && at < end);
    if (scalar?.block) continue;
    if (!scalar && COMMENT_BEFORE.test(text.slice(text.lastIndexOf('\n', at) + 1, at))) continue;
    return true;
  }
  return false;
}

// A `#` at the start of a line or after a space opens a comment (outside scalars, which the caller rules out).
const COMMENT_BEFORE = /(?:^|[ \t])#/;
