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
import { Debouncer } from './lsp/debounce';
import { describe, guard } from './lsp/guard';
import { InitializationOptions, STATUS_NOTIFICATION, StatusParams } from './lsp/protocol';
import { SettingsStore } from './lsp/settings';
import { textDocuments } from './lsp/textDocuments';
import { toSettings } from './settings';

// The bundle lives in server/out/, the rule pages in docs/rules/ at the package root.
const docsUri = `${pathToFileURL(path.resolve(__dirname, '..', '..', 'docs', 'rules')).href}/`;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(textDocuments);
const log = { error: (message: string) => connection.console.error(message) };

/** Per open document: its analyser (which keeps per-YAML-document results) and the latest analysis. */
interface OpenFile {
  readonly analyser: FileAnalyser;
  last?: { readonly version: number; readonly file: FileAnalysis };
}
const files = new Map<string, OpenFile>();

/** Edits closer together than this are analysed once, at their last version; a first analysis starts at once. */
const VALIDATION_DELAY_MS = 50;
const validations = new Debouncer();

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
  for (const document of documents.all()) scheduleValidation(document.uri, 0);
});

function scheduleValidation(uri: string, delayMs: number): void {
  validations.schedule(uri, delayMs, () => {
    const document = documents.get(uri);
    if (document) void validate(document);
  });
}

/** The analysis of the document's current version, computed on demand (requests may outrun validation). */
function analysisOf(document: TextDocument): FileAnalysis {
  let open = files.get(document.uri);
  if (!open) {
    open = { analyser: new FileAnalyser(document.uri) };
    files.set(document.uri, open);
  }
  if (open.last?.version !== document.version) {
    open.last = { version: document.version, file: open.analyser.analyse(document.getText()) };
  }
  return open.last.file;
}

async function validate(document: TextDocument): Promise<void> {
  const { uri, version } = document;
  try {
    const current = await settings.forDocument(uri);
    // The settings fetch is asynchronous: by now the document may have changed or closed.
    if (documents.get(uri)?.version !== version) return;
    const diagnostics = toDiagnostics(document, analysisOf(document), current, docsUri);
    await connection.sendDiagnostics({ uri, version, diagnostics });
    const status = statusOfOpenFiles();
    await connection.sendNotification(STATUS_NOTIFICATION, status);
  } catch (error) {
    log.error(`Analysing ${uri} failed: ${describe(error)}`);
  }
}

function statusOfOpenFiles(): StatusParams {
  const analysed = documents.all().flatMap((document) => files.get(document.uri)?.last?.file ?? []);
  return { analysedDocuments: analysed.length, skippedGoTemplates: analysed.reduce((sum, file) => sum + file.goTemplates, 0) };
}

documents.onDidChangeContent(({ document }) =>
  scheduleValidation(document.uri, files.get(document.uri)?.last ? VALIDATION_DELAY_MS : 0),
);

documents.onDidClose((event) => {
  const { uri } = event.document;
  validations.cancel(uri);
  files.delete(uri);
  settings.forget(uri);
  void connection.sendDiagnostics({ uri, diagnostics: [] }).catch(() => undefined);
});

connection.onHover(
  guard(log, 'Hover', null, (params: HoverParams) => {
    const document = documents.get(params.textDocument.uri);
    return document ? hover(document, analysisOf(document), params.position) : null;
  }),
);

connection.onCodeAction(async (params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  const current = await settings.forDocument(document.uri);
  return guard(log, 'Code actions', [] as CodeAction[], () =>
    codeActions(
      document,
      analysisOf(document),
      { range: params.range, diagnostics: params.context.diagnostics, only: params.context.only },
      { settings: current, docsUri, ruleDocumentationCommand },
    ),
  )();
});

documents.listen(connection);
connection.listen();
