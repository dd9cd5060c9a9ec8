/**
 * Styles for markup that loads on first use. An element adopts a `lazySheet()` from its first
 * render, at the place those rules take among its styles; the sheet stays empty until the module
 * that renders the markup arrives and fills it (`fillSheet`), once for every element adopting it.
 * The element's own rules, listed after it, keep winning over it as before.
 */
import type { CSSResult } from 'lit';

export function lazySheet(): CSSStyleSheet {
  return new CSSStyleSheet();
}

/** The modal dialogs' look (dialog.styles.ts), filled when `FormDialogs` first loads. */
export const dialogSheet = lazySheet();

const filled = new WeakSet<CSSStyleSheet>();

/** Gives `sheet` the rules of `styles`, in order; later calls for the same sheet do nothing. */
export function fillSheet(sheet: CSSStyleSheet, ...styles: CSSResult[]): void {
  if (filled.has(sheet)) return;
  filled.add(sheet);
  sheet.replaceSync(styles.map(style => style.cssText).join('\n'));
}
