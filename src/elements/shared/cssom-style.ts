/**
 * Inline styles that survive a strict Content-Security-Policy. Lit's `styleMap` writes a `style`
 * attribute on its first render, which `style-src 'self'` (no 'unsafe-inline') refuses: the
 * browser drops the style and reports a violation. This directive always goes through the CSSOM
 * (`style.setProperty`), which CSP does not govern, on the first render too.
 *
 * Used as an element binding: `<div ${cssomStyle({ transform: 'translateY(4px)' })}>`. Property
 * names are CSS names (`block-size`, `--custom`); an undefined value removes the property.
 */
import { noChange } from 'lit';
import { Directive, type ElementPart, type PartInfo, PartType, directive } from 'lit/directive.js';

export type CssomStyleInfo = Readonly<Record<string, string | undefined>>;

class CssomStyleDirective extends Directive {
  private readonly applied = new Set<string>();

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) {
      throw new Error('cssomStyle() is an element binding: <div ${cssomStyle({...})}>.');
    }
  }

  render(_styles: CssomStyleInfo) {
    return noChange;
  }

  override update(part: ElementPart, [styles]: [CssomStyleInfo]) {
    const { style } = part.element as HTMLElement;
    for (const name of this.applied) {
      if (styles[name] === undefined) {
        style.removeProperty(name);
        this.applied.delete(name);
      }
    }
    for (const [name, value] of Object.entries(styles)) {
      if (value === undefined) continue;
      if (style.getPropertyValue(name) !== value) style.setProperty(name, value);
      this.applied.add(name);
    }
    return noChange;
  }
}

export const cssomStyle = directive(CssomStyleDirective);
