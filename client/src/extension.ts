// The extension client: starts the language server and adds the little UI around it (lsp-sample shape).
// All analysis lives in the server; nothing here reads YAML.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  NotificationType,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
// Custom protocol, defined once, next to the server (dependency-free, so bundling it here costs nothing).
import { type InitializationOptions, STATUS_NOTIFICATION, type StatusParams } from '../../server/src/lsp/protocol';

const StatusNotification = new NotificationType<StatusParams>(STATUS_NOTIFICATION);

export const Commands = {
  restartServer: 'k8sPersistence.restartServer',
  showRuleDocumentation: 'k8sPersistence.showRuleDocumentation',
} as const;

const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('server/out/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const outputChannel = vscode.window.createOutputChannel('Kubernetes Persistence');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    outputChannel,
    // This client runs the command of the server's "Show documentation for <rule>" actions (below).
    initializationOptions: { ruleDocumentationCommand: true } satisfies InitializationOptions,
    // No errorHandler: the language client's default restarts a crashed server (up to 4 times in 3 minutes).
  };
  // The id 'k8sPersistence' makes the client honour the `k8sPersistence.trace.server` setting.
  client = new LanguageClient('k8sPersistence', 'Kubernetes Persistence', serverOptions, clientOptions);

  const status = vscode.languages.createLanguageStatusItem('k8sPersistence.status', [
    { scheme: 'file', language: 'yaml' },
    { scheme: 'untitled', language: 'yaml' },
  ]);
  status.name = 'Kubernetes Persistence';
  status.command = { title: 'Restart Server', command: Commands.restartServer };
  let analysed = 0;
  let skipped = 0;
  const render = (state: State) => {
    const label = state === State.Running ? 'running' : state === State.Starting ? 'starting' : 'stopped';
    status.text = `k8s-persistence: ${label}, ${analysed} document${analysed === 1 ? '' : 's'} analysed`;
    status.detail = skipped > 0 ? `${skipped} Go-template (Helm) YAML document${skipped === 1 ? '' : 's'} not analysed` : undefined;
    status.severity =
      state === State.Stopped ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    status.busy = state === State.Starting;
  };
  render(State.Starting);

  context.subscriptions.push(
    outputChannel,
    status,
    client.onDidChangeState((e) => render(e.newState)),
    client.onNotification(StatusNotification, (params) => {
      analysed = params.analysedDocuments;
      skipped = params.skippedGoTemplates;
      render(client?.state ?? State.Running);
    }),
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      outputChannel.appendLine('Restarting the server (user command).');
      await client?.restart();
    }),
    vscode.commands.registerCommand(Commands.showRuleDocumentation, (ruleId: unknown) =>
      showRuleDocumentation(context, ruleId),
    ),
  );

  await client.start();
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}

async function showRuleDocumentation(context: vscode.ExtensionContext, ruleId: unknown): Promise<void> {
  if (ruleId === undefined) {
    // From the command palette: offer the rules that have a page.
    const pages = fs.readdirSync(context.asAbsolutePath('docs/rules')).filter((f) => f.endsWith('.md') && f !== 'README.md');
    ruleId = await vscode.window.showQuickPick(
      pages.map((f) => f.slice(0, -'.md'.length)),
      { placeHolder: 'Rule whose documentation to show' },
    );
    if (ruleId === undefined) return;
  }
  if (typeof ruleId !== 'string' || !RULE_ID.test(ruleId)) {
    void vscode.window.showErrorMessage(`Kubernetes Persistence: not a rule id: ${String(ruleId)}`);
    return;
  }
  const file = context.asAbsolutePath(`docs/rules/${ruleId}.md`);
  if (!fs.existsSync(file)) {
    void vscode.window.showErrorMessage(`Kubernetes Persistence: no documentation for rule '${ruleId}'.`);
    return;
  }
  const uri = vscode.Uri.file(file);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    // The built-in markdown extension may be disabled: open the file itself.
    await vscode.window.showTextDocument(uri, { preview: true });
  }
}
