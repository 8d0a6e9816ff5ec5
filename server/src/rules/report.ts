// Helpers every rule uses to turn syntax nodes into spans and findings.
import type { Node } from 'yaml';
import { spanOf } from '../yaml/nodes';
import type { Finding, Fix, FixSettings, TextChange } from './types';

export function finding(
  ruleId: string,
  node: Node,
  message: string,
  related: { node: Node | undefined; message: string }[] = [],
  fixes: (settings: FixSettings) => (Fix | undefined)[] = () => [],
): Finding {
  return {
    ruleId,
    span: spanOf(node),
    message,
    related: related.filter((r) => r.node).map((r) => ({ span: spanOf(r.node), message: r.message })),
    // The preferred fix first: editors that keep the server's order (Neovim, Helix) show it on top.
    fixes: (settings) =>
      fixes(settings)
        .filter((fix): fix is Fix => fix !== undefined)
        .sort((a, b) => Number(b.preferred) - Number(a.preferred)),
  };
}

/** A fix, or undefined when any of its changes could not be made (the layout was not one we edit). */
export function fix(title: string, preferred: boolean, changes: readonly (TextChange | undefined)[]): Fix | undefined {
  if (changes.some((change) => change === undefined)) return undefined;
  return { title, preferred, changes: changes as TextChange[] };
}
