// The vocabulary of rules: their metadata, what they read, and the findings they return. Plain data in offsets,
// no LSP types.
import type { DocumentFix, Fix, FixSettings } from '../fixes/fix';
import type { IndexedObject, ObjectIndex } from '../model/objectIndex';
import type { K8sObject } from '../model/objects';
import type { Span } from '../yaml/span';

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

/** A finding in the offsets of the YAML document that holds the object: what object rules return. */
export interface DocumentFinding {
  readonly ruleId: string;
  /** This finding's severity, when the rule grades its findings; else the rule's. */
  readonly severity?: Severity;
  readonly span: Span;
  readonly message: string;
  readonly related: readonly { readonly span: Span; readonly message: string }[];
  /** Computed on demand (code actions, `fix`): diagnostics alone never pay for edits. */
  readonly fixes: (settings: FixSettings) => DocumentFix[];
}

/** A finding placed in its file; related locations and fixes may lie in other documents. */
export interface Finding {
  readonly ruleId: string;
  readonly severity?: Severity;
  readonly uri: string;
  readonly span: Span;
  readonly message: string;
  readonly related: readonly { readonly uri: string; readonly span: Span; readonly message: string }[];
  readonly fixes: (settings: FixSettings) => Fix[];
}

export interface ObjectContext {
  /** The text of the YAML document that holds `object`; spans are offsets into it. */
  readonly text: string;
  readonly object: K8sObject;
}

export interface RelationalContext {
  /** The object the rule checks, and where its document sits. */
  readonly subject: IndexedObject;
  /** Every object in view, the subject among them. */
  readonly index: ObjectIndex;
}

/** Reads one object: its findings are cached with the text of its YAML document. */
export interface ObjectRule {
  readonly scope: 'object';
  readonly meta: RuleMeta;
  check(context: ObjectContext): DocumentFinding[];
}

/** Reads an object with the others in view: its findings are recomputed whenever any document in view changes. */
export interface RelationalRule {
  readonly scope: 'relational';
  readonly meta: RuleMeta;
  check(context: RelationalContext): Finding[];
}

export type Rule = ObjectRule | RelationalRule;
