// Where the server gets its settings from: pulled per document when the client answers
// `workspace/configuration` (cached per URI until the configuration changes), otherwise pushed by
// `didChangeConfiguration`. Settings never live in one global once the client can scope them.
import { defaultSettings, Settings, toSettings } from '../settings';
import { SETTINGS_SECTION } from './protocol';

export type ConfigurationFetcher = (scopeUri: string, section: string) => Promise<unknown>;

export class SettingsStore {
  private readonly perDocument = new Map<string, Promise<Settings>>();
  private pushed: Settings = defaultSettings;

  /** `fetch` is set when the client supports `workspace/configuration`. */
  constructor(private readonly fetch: ConfigurationFetcher | undefined) {}

  forDocument(uri: string): Promise<Settings> {
    if (!this.fetch) return Promise.resolve(this.pushed);
    let settings = this.perDocument.get(uri);
    if (!settings) {
      // A client that fails to answer leaves us with the defaults, not without diagnostics.
      settings = this.fetch(uri, SETTINGS_SECTION).then(toSettings, () => defaultSettings);
      this.perDocument.set(uri, settings);
    }
    return settings;
  }

  /** `didChangeConfiguration`: drop the pulled settings, or take the pushed ones. */
  changed(pushedSettings: unknown): void {
    this.perDocument.clear();
    const section = (pushedSettings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
    this.pushed = this.fetch ? defaultSettings : toSettings(section);
  }

  forget(uri: string): void {
    this.perDocument.delete(uri);
  }
}
