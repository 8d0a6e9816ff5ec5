// The language server: LSP wiring only (lsp-sample shape). Everything it answers comes from the core in
// service/, which knows nothing about connections; this file is the only one that imports
// vscode-languageserver/node. Runs over ipc from the extension, or standalone with `--stdio` (the package's
// `k8s-persistence-language-server` bin, for Neovim, Helix, Emacs).
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeAction,
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  HoverParams,
  InitializeResult,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FileAnalyser, FileAnalysis } from './service/analysis';
import { codeActions, FIX_ALL } from './service/codeActions';
import { toDiagnostics } from './service/diagnostics';
import { hover } from './service/hover';
import { describe, guard } from './lsp/guard';
import { InitializationOptions, STATUS_NOTIFICATION, StatusParams } from './lsp/protocol';
import { SettingsStore } from './lsp/settings';
import { prepareInSlices } from './lsp/slicedAnalysis';
import { SyntaxChecks } from './lsp/syntaxChecks';
import { slicesOf, textDocuments } from './lsp/textDocuments';
import { ValidationQueue } from './lsp/validationQueue';
import { toSettings } from './settings';

// The bundle lives in server/out/, the rule pages in docs/rules/ at the package root.
const docsUri = `${pathToFileURL(path.resolve(__dirname, '..', '..', 'docs', 'rules')).href}/`;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(textDocuments);
const log = { error: (message: string) => connection.console.error(message) };

/** Per open document: its analyser (which keeps per-YAML-document results) and the latest analysis. */
interface OpenFile {
  readonly analyser: FileAnalyser;
  /** Of this document object: a file closed and opened again is another one, from version 1 again. */
  last?: { readonly document: TextDocument; readonly version: number; readonly maxFileSize: number; readonly file: FileAnalysis };
}
const files = new Map<string, OpenFile>();

const validations = new ValidationQueue(validate);
const syntaxChecks = new SyntaxChecks(path.join(__dirname, 'syntaxCheckWorker.js'), log.error);

let settings = new SettingsStore(undefined);
let dynamicConfiguration = false;
let ruleDocumentationCommand = false;

connection.onInitialize((params): InitializeResult => {
  const capabilities = params.capabilities;
  const options = params.initializationOptions as InitializationOptions | null | undefined;
  const fetch = capabilities.workspace?.configuration
    ? (scopeUri: string, section: string) => connection.workspace.getConfiguration({ scopeUri, section }) as Promise<unknown>
    : undefined;
  settings = new SettingsStore(fetch, toSettings(options?.k8sPersistence));
  dynamicConfiguration = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  ruleDocumentationCommand = options?.ruleDocumentationCommand === true;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL] },
    },
    serverInfo: { name: 'k8s-persistence' },
  };
});

connection.onInitialized(() => {
  if (dynamicConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, undefined);
  }
});

connection.onDidChangeConfiguration((change) => {
  settings.changed(change.settings);
  for (const document of documents.all()) validations.request(document.uri);
});

function openFile(uri: string): OpenFile {
  let open = files.get(uri);
  if (!open) {
    const file: OpenFile = { analyser: new FileAnalyser(uri, (text) => deferSyntaxCheck(file, uri, text)) };
    files.set(uri, (open = file));
  }
  return open;
}

/**
 * The syntax check of a document the analysis did not compose, off the main thread. Its result changes the
 * diagnostics only when it finds an error or a Go template; either way the status tells that it is in.
 */
function deferSyntaxCheck(file: OpenFile, uri: string, text: string): void {
  const wanted = () => files.get(uri) === file && file.analyser.awaits(text);
  syntaxChecks.check(text, wanted, (check) => {
    if (!file.analyser.settle(text, check)) return;
    if (check.errors.length > 0 || check.goTemplate) {
      file.last = undefined;
      validations.request(uri);
    } else {
      void connection.sendNotification(STATUS_NOTIFICATION, statusOfOpenFiles());
    }
  });
}

/** The analysis of the document's current version, computed on demand (requests may outrun validation). */
function analysisOf(document: TextDocument, maxFileSize: number): FileAnalysis {
  const open = openFile(document.uri);
  const { last } = open;
  if (last?.document === document && last.version === document.version && last.maxFileSize === maxFileSize) return last.file;
  const file = open.analyser.analyse(document.getText(), maxFileSize, slicesOf(document));
  open.last = { document, version: document.version, maxFileSize, file };
  return file;
}

/** Publishes the diagnostics of `uri`'s current version, unless an edit supersedes it on the way. */
async function validate(uri: string): Promise<void> {
  const document = documents.get(uri);
  if (!document) return;
  const { version } = document;
  // The same document object at the same version: a file closed and opened again starts at version 1 again.
  const stillCurrent = () => documents.get(uri) === document && document.version === version;
  const release = syntaxChecks.hold();
  try {
    const current = await settings.forDocument(uri);
    const { maxFileSize } = current;
    // The settings fetch and the slices are asynchronous: by now the document may have changed or closed.
    const prepared = stillCurrent() && (await prepareInSlices(openFile(uri).analyser, document, maxFileSize, stillCurrent));
    if (!prepared) return;
    const diagnostics = toDiagnostics(document, analysisOf(document, maxFileSize), current, docsUri);
    await connection.sendDiagnostics({ uri, version, diagnostics });
    const status = statusOfOpenFiles();
    await connection.sendNotification(STATUS_NOTIFICATION, status);
  } catch (error) {
    log.error(`Analysing ${uri} failed: ${describe(error)}`);
  } finally {
    release();
  }
}

function statusOfOpenFiles(): StatusParams {
  const open = documents.all().flatMap((document) => files.get(document.uri) ?? []);
  const analysed = open.flatMap((file) => file.last?.file ?? []);
  return {
    analysedDocuments: analysed.length,
    skippedGoTemplates: analysed.reduce((sum, file) => sum + file.goTemplates, 0),
    // A file whose check came back with an error is pending until it is published again.
    pendingSyntaxChecks: open.reduce((sum, file) => sum + file.analyser.pendingChecks() + (file.last ? 0 : 1), 0),
  };
}

documents.onDidChangeContent(({ document }) => validations.request(document.uri));

documents.onDidClose((event) => {
  const { uri } = event.document;
  validations.cancel(uri);
  files.delete(uri);
  settings.forget(uri);
  void connection.sendDiagnostics({ uri, diagnostics: [] }).catch(() => undefined);
});

connection.onHover(async (params: HoverParams, token) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return null;
  const { maxFileSize } = await settings.forDocument(document.uri);
  // Meanwhile the request may have been cancelled, or the file closed (and perhaps opened again).
  if (token.isCancellationRequested || documents.get(document.uri) !== document) return null;
  return guard(log, 'Hover', null, () => hover(document, analysisOf(document, maxFileSize), params.position))();
});

connection.onCodeAction(async (params, token) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  const current = await settings.forDocument(document.uri);
  if (token.isCancellationRequested || documents.get(document.uri) !== document) return [];
  return guard(log, 'Code actions', [] as CodeAction[], () =>
    codeActions(
      document,
      analysisOf(document, current.maxFileSize),
      { range: params.range, diagnostics: params.context.diagnostics, only: params.context.only },
      { settings: current, docsUri, ruleDocumentationCommand },
    ),
  )();
});

connection.onShutdown(() => syntaxChecks.dispose());

documents.listen(connection);
connection.listen();
