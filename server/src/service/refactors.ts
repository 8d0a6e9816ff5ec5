// Refactors (`refactor.rewrite`), offered on an object's `kind:` or name whether or not a finding is there.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeAction, CodeActionKind, Range } from 'vscode-languageserver-types';
import { convertToStatefulSet } from '../fixes/convertToStatefulSet';
import { fix } from '../fixes/fix';
import { addServiceName, appendHeadlessService } from '../fixes/headlessService';
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

/** "Add a headless Service for StatefulSet 'x'", when no Service of its serviceName (or name) is in view. */
function headlessService(at: IndexedObject, file: FileAnalysis) {
  const { object } = at;
  const name = object.workload?.serviceName?.value ?? object.name;
  if (!name || file.index.resolve(object, { kind: 'Service', name }).length > 0) return undefined;
  const changes = object.workload?.serviceName ? [appendHeadlessService(at, name)] : [addServiceName(at, name), appendHeadlessService(at, name)];
  return fix(`Add a headless Service '${name}' for StatefulSet '${object.name ?? '?'}'`, false, changes);
}
