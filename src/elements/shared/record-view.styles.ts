import { css } from 'lit';

/**
 * The rules of a record's read view (record-view.ts), after `contactViewStyles`. Loaded with the
 * record view, which fills `recordViewSheet` with them.
 */
export const recordViewStyles = css`
  .title {
    flex: 1 1 8rem;
    min-inline-size: 0;
  }

  h2:focus {
    outline: none;
  }

  h2:focus-visible {
    outline: 2px solid var(--_focus);
  }

  .subtitle {
    margin: 0;
    color: var(--_muted);
    font-size: 0.875em;
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }

  .muted {
    color: var(--_muted);
  }

  .tone-1 {
    --_tone-bg: light-dark(#d7f2de, #1c4a2a);
    --_tone-fg: light-dark(#12552a, #d3f5dc);
  }
  .tone-2 {
    --_tone-bg: light-dark(#fde2e1, #5a1f1b);
    --_tone-fg: light-dark(#8a1c14, #ffdcd9);
  }
  .tone-3 {
    --_tone-bg: light-dark(#ece2ff, #3b2866);
    --_tone-fg: light-dark(#4b1d8f, #eadfff);
  }
  .tone-4 {
    --_tone-bg: light-dark(#fff0c7, #4d3908);
    --_tone-fg: light-dark(#6b4500, #ffefc2);
  }
  .tone-5 {
    --_tone-bg: light-dark(#d5f1f4, #114650);
    --_tone-fg: light-dark(#0c5560, #d1f4f8);
  }

  .fields {
    display: grid;
    gap: calc(var(--_space) * 1.25);
    margin: 0;
  }

  /* Label beside value when there is room, above it in a narrow sidebar. */
  .field-row {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 var(--_space);
  }

  dt {
    flex: 0 0 8rem;
    color: var(--_muted);
    font-size: 0.875em;
  }

  dd {
    flex: 1 1 12rem;
    margin: 0;
    min-inline-size: 0;
    overflow-wrap: anywhere;
  }

  dd a {
    display: inline-block;
    min-block-size: 1.5rem;
  }

  dd button.link {
    padding-inline: 0;
    border: 0;
    text-align: start;
  }

  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .chip {
    padding-block: 0.0625rem;
    padding-inline: 0.5rem;
    border: 1px solid var(--_divider);
    border-radius: 999px;
    background: var(--_raised);
    font-size: 0.875em;
  }

  .section {
    padding-block-start: var(--_gap, 1.25rem);
    border-block-start: 1px solid var(--_divider);
  }

  .section h3 {
    margin: 0;
    margin-block-end: var(--_space);
    font-size: 1em;
  }

  .conversations {
    display: grid;
    gap: var(--_space);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .conversation {
    display: grid;
    gap: 0.125rem;
    padding-block: calc(var(--_space) * 0.75);
    padding-inline: var(--_space);
    border: 1px solid var(--_divider);
    border-radius: var(--_radius);
  }

  .conversation--current {
    border-color: var(--_accent);
    border-inline-start-width: 3px;
  }

  .conversation-meta {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem 0.75rem;
    font-size: 0.875em;
  }

  .channel {
    font-weight: 600;
  }

  .conversation-meta time {
    margin-inline-start: auto;
    color: var(--_muted);
  }

  .status,
  .current {
    padding-inline: 0.375rem;
    border-radius: 999px;
    background: var(--_raised);
  }

  .status--open {
    color: var(--_success);
  }

  .current {
    color: var(--_accent);
    font-weight: 600;
  }

  .preview {
    margin: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
`;
