import { css } from 'lit';

import { lazySheet } from './lazy-sheet.js';

/**
 * Styles of a record's read view: what shows before the record (the header and avatar of the
 * loading placeholder, the empty states). The record's own rules (record-view.styles.ts) load with
 * it into `recordViewSheet`. Containers list both, in that order, before their own styles, and set
 * `--_avatar`, `--_gap` and `--_heading-size` on their host from their own custom properties.
 */
export const contactViewStyles = css`
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space) calc(var(--_space) * 1.5);
  }

  h2 {
    margin: 0;
    font-size: var(--_heading-size, 1.375em);
    line-height: 1.25;
    overflow-wrap: anywhere;
  }

  .empty {
    display: grid;
    justify-items: center;
    text-align: center;
  }

  .empty p,
  .empty h2 {
    margin: 0;
  }

  .empty-title {
    font-weight: 600;
  }

  .hint {
    margin: 0;
    color: var(--_muted);
    font-size: 0.875em;
  }

  /* Tones follow the colour scheme the theme resolves (light-dark pairs), forced or preferred. */
  .avatar {
    --_tone-bg: light-dark(#dbe9ff, #1e3a64);
    --_tone-fg: light-dark(#0a3d8f, #d6e6ff);
    display: inline-grid;
    place-items: center;
    flex: none;
    inline-size: var(--_avatar, 3rem);
    block-size: var(--_avatar, 3rem);
    border-radius: 50%;
    background: var(--_tone-bg);
    color: var(--_tone-fg);
    font-weight: 600;
    font-size: calc(var(--_avatar, 3rem) * 0.38);
    letter-spacing: 0.02em;
    user-select: none;
  }

  /* Loading placeholder. */
  .bone {
    display: block;
    block-size: 0.875rem;
    border-radius: var(--_radius);
    background: linear-gradient(
      90deg,
      var(--_raised) 25%,
      color-mix(in srgb, var(--_raised) 60%, var(--_divider)) 50%,
      var(--_raised) 75%
    );
    background-size: 200% 100%;
    animation: shimmer 1.4s ease-in-out infinite;
  }

  .avatar.bone {
    block-size: var(--_avatar, 3rem);
    border-radius: 50%;
  }

  .bone--title {
    inline-size: 12rem;
    max-inline-size: 60%;
    block-size: 1.25rem;
  }

  .bone--short {
    inline-size: 55%;
  }

  .bones {
    display: grid;
    gap: calc(var(--_space) * 1.5);
  }

  @keyframes shimmer {
    from {
      background-position: 100% 0;
    }
    to {
      background-position: -100% 0;
    }
  }
  @media (forced-colors: active) {
    .avatar {
      border: 1px solid CanvasText;
    }
  }
`;

/** Adopted by the detail and the sidebar from the start; empty until the record view loads. */
export const recordViewSheet = lazySheet();
