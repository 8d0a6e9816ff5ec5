// The vocabulary shared by rules, fixes and the service: plain data in document offsets, no LSP types.
import type { K8sObject } from '../model/workload';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RuleMeta {
  /** Kebab-case id; also the file name of the rule and of its page in docs/rules/. */
  readonly id: string;
  readonly title: string;
  /** One sentence: what the rule reports and why it matters. */
  readonly description: string;
  readonly severity: Severity;
  /** The kinds the rule reads. */
  readonly kinds: readonly string[];
  readonly fixable: boolean;
}

/** A half-open range of offsets into the text of one YAML document. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface TextChange extends Span {
  readonly text: string;
}

export interface Fix {
  readonly title: string;
  readonly preferred: boolean;
  readonly changes: readonly TextChange[];
}

export interface FixSettings {
  /** The storage request written into new volumeClaimTemplates, e.g. `1Gi`. */
  readonly defaultStorageRequest: string;
}

export interface Finding {
  readonly ruleId: string;
  readonly span: Span;
  readonly message: string;
  readonly related: readonly { readonly span: Span; readonly message: string }[];
  /** Computed on demand (code actions, `fix`): diagnostics alone never pay for edits. */
  readonly fixes: (settings: FixSettings) => Fix[];
}

export interface RuleContext {
  /** The text of the YAML document that holds `object`; spans are offsets into it. */
  readonly text: string;
  readonly object: K8sObject;
}

export interface Rule {
  readonly meta: RuleMeta;
  check(context: RuleContext): Finding[];
}
