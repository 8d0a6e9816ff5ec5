// Custom messages between our server and our client (the client declares the same shape in client/src/extension.ts).

/** `initializationOptions` our VS Code client sends; other editors send none, and get the defaults (all false). */
export interface InitializationOptions {
  /**
   * The client runs `k8sPersistence.showRuleDocumentation` itself, so the server may offer "Show documentation for
   * <rule>" code actions that carry it. Other clients would send it back as `workspace/executeCommand`, which the
   * server does not serve.
   */
  readonly ruleDocumentationCommand?: boolean;
  /**
   * Settings for a client that has no `workspace/configuration` (or answers it with nothing for our section), e.g.
   * Neovim's `init_options`, Helix's `config`, eglot's `:initializationOptions`: the section's shape.
   */
  readonly k8sPersistence?: unknown;
}

/** Notification `k8sPersistence/status`, sent after each analysis. */
export const STATUS_NOTIFICATION = 'k8sPersistence/status';

export interface StatusParams {
  /** How many open documents have been analysed at least once. */
  readonly analysedDocuments: number;
  /** How many YAML documents in them are Go templates (Helm), left unanalysed: silence there is not a clean bill. */
  readonly skippedGoTemplates: number;
  /**
   * How many YAML documents in them wait for their syntax check (done off the main thread for documents no rule
   * reads), plus the files whose check found an error not yet published: until it is 0, a syntax error there may
   * still be reported.
   */
  readonly pendingSyntaxChecks: number;
}

/** The configuration section the server reads (`k8sPersistence.*`). */
export const SETTINGS_SECTION = 'k8sPersistence';
