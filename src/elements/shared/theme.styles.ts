import { css, unsafeCSS } from 'lit';

/**
 * The colour scheme: light, dark, or (the default) whichever the user's system prefers. Set
 * `--contacts-color-scheme` on any ancestor, or on the element, to force one; being a custom
 * property it inherits through shadow roots, so an element nested in another (the details inside
 * the panel, the forms inside the details) follows the outer one without any script. Every colour
 * token below is a `light-dark()` pair that the scheme resolves, and native controls (select
 * popups, scrollbars, the dialog backdrop) follow it too.
 *
 * Kept out of the template literal because lit-analyzer's CSS data predates `color-scheme`.
 */
const colorScheme = unsafeCSS(':host { color-scheme: var(--contacts-color-scheme, light dark); }');

/**
 * Design tokens, resolved on each element's host. Hosts theme with the shared `--contacts-*`
 * properties; each has a built-in light and dark fallback, so zero setup looks right, and a host
 * value wins in both schemes (a host that wants its own pair passes `light-dark(a, b)`). Elements
 * read only the private `--_*` names.
 */
const tokens = css`
  :host {
    --_font: var(
      --contacts-font-family,
      system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      'Noto Sans',
      sans-serif
    );
    --_font-size: var(--contacts-font-size, 0.9375rem);
    --_line-height: var(--contacts-line-height, 1.45);
    --_text: var(--contacts-color-text, light-dark(#1b1f24, #e6e9ed));
    --_muted: var(--contacts-color-text-muted, light-dark(#555e69, #a7b0ba));
    --_surface: var(--contacts-color-surface, light-dark(#ffffff, #16181c));
    --_raised: var(--contacts-color-surface-raised, light-dark(#f3f5f7, #22262c));
    --_border: var(--contacts-color-border, light-dark(#8c959f, #7d8793));
    --_divider: var(--contacts-color-divider, light-dark(#d8dee4, #343a42));
    --_accent: var(--contacts-color-accent, light-dark(#0b5cd5, #7ab0ff));
    --_on-accent: var(--contacts-color-on-accent, light-dark(#ffffff, #0b1020));
    --_danger: var(--contacts-color-danger, light-dark(#b3261e, #ff9a90));
    --_danger-surface: var(--contacts-color-danger-surface, light-dark(#fdecea, #3a1613));
    --_warning: var(--contacts-color-warning, light-dark(#714600, #ffd27a));
    --_warning-surface: var(--contacts-color-warning-surface, light-dark(#fff4d4, #33290f));
    --_success: var(--contacts-color-success, light-dark(#17692c, #7ddc94));
    --_focus: var(--contacts-color-focus, light-dark(#0b5cd5, #7ab0ff));
    --_radius: var(--contacts-radius, 0.375rem);
    --_space: var(--contacts-space, 0.5rem);
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: var(--_line-height);
    color: var(--_text);
  }

  :host([hidden]) {
    display: none !important;
  }

  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }

  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }

  button {
    font: inherit;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.375rem;
    min-block-size: 2.25rem;
    min-inline-size: 2.25rem;
    padding-block: 0.25rem;
    padding-inline: 0.875rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    cursor: pointer;
  }

  button:hover {
    background: var(--_raised);
  }

  button.primary {
    border-color: var(--_accent);
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }

  button.primary:hover {
    background: color-mix(in srgb, var(--_accent) 88%, var(--_text));
  }

  button.link {
    min-block-size: 1.5rem;
    min-inline-size: 1.5rem;
    padding-inline: 0.25rem;
    border-color: transparent;
    background: none;
    color: var(--_accent);
    text-decoration: underline;
    text-underline-offset: 0.15em;
  }

  button[aria-disabled='true'],
  button:disabled {
    opacity: 0.65;
    cursor: not-allowed;
  }

  a {
    color: var(--_accent);
    text-underline-offset: 0.15em;
  }

  /*
   * Phone numbers and addresses read left to right in every language: isolated, so a
   * right-to-left layout neither reorders their digits (+351 960 005 947 shown as 947 005 960
   * 351+) nor moves their punctuation.
   */
  a[href^='tel:'],
  a[href^='mailto:'] {
    direction: ltr;
    unicode-bidi: isolate;
  }

  .alert {
    display: grid;
    gap: calc(var(--_space) * 0.75);
    margin: 0;
    padding-block: calc(var(--_space) * 1.25);
    padding-inline: calc(var(--_space) * 1.5);
    border: 1px solid currentColor;
    border-inline-start-width: 4px;
    border-radius: var(--_radius);
  }

  .alert:focus-visible {
    outline-offset: 3px;
  }

  .alert--danger {
    color: var(--_danger);
    background: var(--_danger-surface);
  }

  .alert--warning {
    color: var(--_warning);
    background: var(--_warning-surface);
  }

  .alert p {
    margin: 0;
  }

  .alert strong {
    font-weight: 600;
  }

  .alert .alert-actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }

  .alert button:not(.primary) {
    color: var(--_text);
  }

  /*
   * Windows High Contrast and other forced palettes replace every author colour, and drop
   * backgrounds and box shadows. What carried meaning through colour alone gets a system colour,
   * a border or a shape instead.
   */
  @media (forced-colors: active) {
    :focus-visible {
      outline-color: Highlight;
    }
    button {
      border-color: ButtonText;
    }
    button.primary {
      border-width: 2px;
    }
    button.link {
      border-color: transparent;
      color: LinkText;
    }
    button[aria-disabled='true'],
    button:disabled {
      border-color: GrayText;
      color: GrayText;
      opacity: 1;
    }
    a {
      color: LinkText;
    }
    .alert {
      border-color: CanvasText;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation-duration: 0.01ms !important;
      transition-duration: 0.01ms !important;
    }
  }
`;

export const themeStyles = [colorScheme, tokens];
