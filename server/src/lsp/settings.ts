// Where the server gets its settings from: pulled per document when the client answers
// `workspace/configuration` (cached per URI until the configuration changes), otherwise pushed by
// `didChangeConfiguration`. Settings never live in one global once the client can scope them. A client that answers
// nothing for our section, or pushes none, gets those of `initializationOptions` (editors other than VS Code).
import { defaultSettings, Settings, toSettings } from '../settings';
import { SETTINGS_SECTION } from './protocol';

export type ConfigurationFetcher = (scopeUri: string, section: string) => Promise<unknown>;

export class SettingsStore {
  private readonly perDocument = new Map<string, Promise<Settings>>();
  private pushed: Settings;

  /** `fetch` is set when the client supports `workspace/configuration`; `initial` is the section given at initialize. */
  constructor(
    private readonly fetch: ConfigurationFetcher | undefined,
    private readonly initial: Settings = defaultSettings,
  ) {
    this.pushed = initial;
  }

  forDocument(uri: string): Promise<Settings> {
    if (!this.fetch) return Promise.resolve(this.pushed);
    let settings = this.perDocument.get(uri);
    if (!settings) {
      // A client that fails to answer leaves us with the defaults, not without diagnostics.
      settings = this.fetch(uri, SETTINGS_SECTION).then((raw) => this.read(raw), () => this.initial);
      this.perDocument.set(uri, settings);
    }
    return settings;
  }

  /** `didChangeConfiguration`: drop the pulled settings, or take the pushed ones. */
  changed(pushedSettings: unknown): void {
    this.perDocument.clear();
    const section = (pushedSettings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
    this.pushed = this.fetch ? this.initial : this.read(section);
  }

  /** Neovim and eglot answer `null` for a section they were not given, and push `{}`. */
  private read(section: unknown): Settings {
    return section === null || section === undefined ? this.initial : toSettings(section);
  }

  forget(uri: string): void {
    this.perDocument.delete(uri);
  }
}
