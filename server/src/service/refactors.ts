// Refactors (`refactor.rewrite`), offered on an object's `kind:` or name whether or not a finding is there.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeAction, CodeActionKind, Range } from 'vscode-languageserver-types';
import { convertToStatefulSet } from '../fixes/convertToStatefulSet';
import { fix } from '../fixes/fix';
import { addServiceName, appendHeadlessService, headlessServiceChoice, isServiceName } from '../fixes/headlessService';
import type { IndexedObject } from '../model/objectIndex';
import type { Settings } from '../settings';
import { FileAnalysis, isSafeFix } from './analysis';
import { workspaceEdit } from './workspaceEdit';
import { rangeOf } from './positions';
import { spanOf } from '../yaml/nodes';
import { shiftSpan } from '../yaml/span';

export function refactors(document: TextDocument, file: FileAnalysis, range: Range, settings: Settings): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const at of file.index.objects) {
    if (at.place.uri !== file.uri || !onHandle(document, at, range)) continue;
    const candidates = [
      at.object.kind === 'Deployment' ? convertToStatefulSet(at, file.index, settings) : undefined,
      at.object.kind === 'StatefulSet' ? headlessService(at, file) : undefined,
    ];
    for (const candidate of candidates) {
      const edit = candidate && isSafeFix(file, at.object, candidate) ? workspaceEdit(document, candidate) : undefined;
      if (candidate && edit) actions.push({ title: candidate.title, kind: CodeActionKind.RefactorRewrite, edit });
    }
  }
  return actions;
}

/** Whether the range touches the object's `kind:` value or its name. */
function onHandle(document: TextDocument, at: IndexedObject, range: Range): boolean {
  return [at.object.kindNode, at.object.nameNode].some((node) => {
    if (!node) return false;
    const handle = rangeOf(document, shiftSpan(spanOf(node), at.place.offset));
    const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character < b.character);
    return !before(handle.end, range.start) && !before(range.end, handle.start);
  });
}

/** "Add a headless Service for StatefulSet 'x'", when none of its serviceName (or, without one, for it) is in view. */
function headlessService(at: IndexedObject, file: FileAnalysis) {
  const { object } = at;
  const serviceName = object.workload?.serviceName?.value;
  if (serviceName) {
    if (!isServiceName(serviceName) || file.index.resolve(object, { kind: 'Service', name: serviceName }).length > 0) return undefined;
    return fix(`Add a headless Service '${serviceName}' for StatefulSet '${object.name ?? '?'}'`, false, [appendHeadlessService(at, serviceName)]);
  }
  const choice = object.name ? headlessServiceChoice(at, file.index, object.name) : undefined;
  if (!choice?.append) return undefined;
  return fix(`Add a headless Service '${choice.name}' for StatefulSet '${object.name}'`, false, [
    addServiceName(at, choice.name),
    appendHeadlessService(at, choice.name),
  ]);
}
