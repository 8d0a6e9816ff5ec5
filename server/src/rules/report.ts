// Helpers every rule uses to turn syntax nodes into findings.
import type { Node } from 'yaml';
import type { DocumentFix, Fix, FixSettings } from '../fixes/fix';
import { IndexedObject, placeSpan } from '../model/objectIndex';
import { spanOf } from '../yaml/nodes';
import type { DocumentFinding, Finding, Severity } from './types';

/** The preferred fix first: editors that keep the server's order (Neovim, Helix) show it on top. */
function preferredFirst<F extends { preferred: boolean }>(fixes: (F | undefined)[]): F[] {
  return fixes.filter((fix): fix is F => fix !== undefined).sort((a, b) => Number(b.preferred) - Number(a.preferred));
}

/** Words as a message lists alternatives: "a", "a or b", "a, b or c". */
export function alternatives(words: readonly string[]): string {
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}` : words.join('');
}

/** An object rule's finding on `node`, in the offsets of its YAML document. */
export function finding(
  ruleId: string,
  node: Node,
  message: string,
  related: { node: Node | undefined; message: string }[] = [],
  fixes: (settings: FixSettings) => (DocumentFix | undefined)[] = () => [],
): DocumentFinding {
  return {
    ruleId,
    span: spanOf(node),
    message,
    related: related.filter((r) => r.node).map((r) => ({ span: spanOf(r.node), message: r.message })),
    fixes: (settings) => preferredFirst(fixes(settings)),
  };
}

/** A relational rule's finding on `node` of `subject`; related nodes belong to the objects named beside them. */
export function placedFinding(
  ruleId: string,
  subject: IndexedObject,
  node: Node,
  message: string,
  related: { at: IndexedObject; node: Node | undefined; message: string }[] = [],
  fixes: (settings: FixSettings) => (Fix | undefined)[] = () => [],
  severity?: Severity,
): Finding {
  return {
    ruleId,
    severity,
    uri: subject.place.uri,
    span: placeSpan(subject.place, spanOf(node)),
    message,
    related: related
      .filter((r) => r.node)
      .map((r) => ({ uri: r.at.place.uri, span: placeSpan(r.at.place, spanOf(r.node)), message: r.message })),
    fixes: (settings) => preferredFirst(fixes(settings)),
  };
}
