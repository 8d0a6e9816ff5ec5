// Drives VS Code's web workbench the way a user does: keyboard shortcuts, the Problems panel, hovers, menus.
// Every wait polls for a UI state with a deadline; there are no fixed sleeps.
import type { Locator, Page } from 'playwright-core';

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

export class Workbench {
  constructor(readonly page: Page) {}

  async open(url: string, folder: string): Promise<void> {
    await this.page.goto(`${url}?folder=${encodeURIComponent(folder)}`);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  }

  /** Runs a command from the command palette by its title. */
  async command(title: string): Promise<void> {
    await this.page.keyboard.press('Control+Shift+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await this.page.keyboard.press('Enter');
  }

  async openFile(name: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(name);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator(`.tab.active[data-resource-name="${name}"]`).waitFor();
    await this.editor().locator('.view-lines').waitFor();
    await this.focusEditor();
  }

  editor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  async focusEditor(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Control+1'); // View: Focus First Editor Group
    await this.editor().locator('textarea.inputarea, .native-edit-context').first().waitFor({ state: 'attached' });
    await waitFor('the editor to have focus', () => this.editor().evaluate((e) => e.classList.contains('focused')));
  }

  /** Moves the cursor to a 1-based line and column with "Go to Line/Column". */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
    await waitFor(`cursor at Ln ${line}, Col ${column}`, async () =>
      (await this.statusBarText()).includes(`Ln ${line}, Col ${column}`),
    );
  }

  async statusBarText(): Promise<string> {
    return (await this.page.locator('.statusbar').textContent()) ?? '';
  }

  /** Rows of the Problems panel (opened if needed), as their accessible labels. */
  async problems(): Promise<string[]> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) {
      await this.page.keyboard.press('Control+Shift+M');
      await panel.waitFor({ state: 'visible' });
    }
    return panel.locator('.monaco-list-row').evaluateAll((rows) =>
      rows.map((r) => `${r.getAttribute('aria-label') ?? ''} || ${r.textContent ?? ''}`),
    );
  }

  /** Shows the hover at the cursor (Ctrl+K Ctrl+I) and returns its text. */
  async hoverAtCursor(): Promise<string> {
    await this.page.keyboard.press('Control+K');
    await this.page.keyboard.press('Control+I');
    const hover = this.page.locator('.monaco-hover:not(.hidden) .hover-contents, .monaco-hover:not(.hidden) .markdown-hover').first();
    await hover.waitFor({ state: 'visible', timeout: 15_000 });
    return (await this.page.locator('.monaco-hover:not(.hidden)').first().textContent()) ?? '';
  }

  /** Opens the quick-fix menu (Ctrl+.) and returns the titles it offers. */
  async quickFixes(): Promise<string[]> {
    await this.page.keyboard.press('Control+.');
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    await rows.first().waitFor({ state: 'visible', timeout: 15_000 });
    return rows.evaluateAll((els) => els.map((e) => (e.getAttribute('aria-label') || e.textContent || '').trim()));
  }

  async chooseQuickFix(title: string): Promise<void> {
    await this.chooseByKeyboard('.action-widget', (label) => label === title);
    await this.page.locator('.action-widget').waitFor({ state: 'hidden' });
  }

  /** Opens suggestions (Ctrl+Space) and accepts the snippet with this prefix. */
  async acceptSnippet(prefix: string): Promise<void> {
    await this.page.keyboard.press('Control+Space');
    await this.chooseByKeyboard('.suggest-widget', (label) => label.startsWith(`${prefix},`) && label.endsWith('Snippet'));
    await this.page.locator('.suggest-widget').waitFor({ state: 'hidden' });
  }

  /**
   * Moves the focus of a list popup (quick-fix menu, suggestions) with the arrow keys to the row whose accessible
   * label passes `wanted`, then presses Enter: the way these menus are meant to be used, and immune to rows moving.
   */
  private async chooseByKeyboard(popup: string, wanted: (label: string) => boolean): Promise<void> {
    const rows = this.page.locator(`${popup} .monaco-list-row`);
    await rows.first().waitFor({ state: 'visible', timeout: 15_000 });
    const labels = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    if (!labels.some(wanted)) throw new Error(`${popup} offers no such row; it offers:\n${labels.join('\n')}`);
    const focused = this.page.locator(`${popup} .monaco-list-row.focused`);
    for (let i = 0; i <= labels.length && !wanted((await focused.getAttribute('aria-label')) ?? ''); i++) {
      await this.page.keyboard.press('ArrowDown');
    }
    const label = (await focused.getAttribute('aria-label')) ?? '';
    if (!wanted(label)) throw new Error(`could not focus the wanted row of ${popup} (focused: ${label})`);
    await this.page.keyboard.press('Enter');
  }

  /** Closes the active editor tab with its close button (keyboard focus may sit in a webview). */
  async closeActiveTab(): Promise<void> {
    const tab = this.page.locator('.tab.active').first();
    await tab.hover();
    await tab.locator('.tab-actions .action-label').first().click();
  }

  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
    await this.page.locator('.tab.active.dirty').waitFor({ state: 'detached', timeout: 15_000 });
  }
}
