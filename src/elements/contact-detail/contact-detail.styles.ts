import { css } from 'lit';

import { fieldStyles } from '../shared/field.styles.js';

export const styles = [
  fieldStyles,
  css`
    :host {
      --_padding: var(--contact-detail-padding, 1rem);
      --_gap: var(--contact-detail-gap, 1.25rem);
      --_avatar: var(--contact-detail-avatar-size, 3rem);
      display: block;
      background: var(--_surface);
    }

    .base,
    .empty,
    .load-error {
      display: grid;
      gap: var(--_gap);
      padding: var(--_padding);
    }

    .load-error {
      margin: var(--_padding);
    }

    .empty {
      justify-items: center;
      text-align: center;
      padding-block: calc(var(--_padding) * 3);
    }

    .empty p,
    .empty h2 {
      margin: 0;
    }

    .empty-title {
      font-size: 1.125em;
      font-weight: 600;
    }

    .header {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_space) calc(var(--_space) * 1.5);
    }

    .title {
      flex: 1 1 8rem;
      min-inline-size: 0;
    }

    h2 {
      margin: 0;
      font-size: 1.375em;
      line-height: 1.25;
      overflow-wrap: anywhere;
    }

    h2:focus {
      outline: none;
    }

    h2:focus-visible {
      outline: 2px solid var(--_focus);
    }

    h3 {
      margin: 0;
      margin-block-end: var(--_space);
      font-size: 1em;
    }

    .subtitle {
      margin: 0;
      color: var(--_muted);
      font-size: 0.875em;
    }

    .muted {
      color: var(--_muted);
    }

    .hint {
      margin: 0;
      color: var(--_muted);
      font-size: 0.875em;
    }

    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space);
    }

    .avatar {
      --_tone-bg: #dbe9ff;
      --_tone-fg: #0a3d8f;
      display: inline-grid;
      place-items: center;
      flex: none;
      inline-size: var(--_avatar);
      block-size: var(--_avatar);
      border-radius: 50%;
      background: var(--_tone-bg);
      color: var(--_tone-fg);
      font-weight: 600;
      font-size: calc(var(--_avatar) * 0.38);
      letter-spacing: 0.02em;
      user-select: none;
    }

    .tone-1 {
      --_tone-bg: #d7f2de;
      --_tone-fg: #12552a;
    }
    .tone-2 {
      --_tone-bg: #fde2e1;
      --_tone-fg: #8a1c14;
    }
    .tone-3 {
      --_tone-bg: #ece2ff;
      --_tone-fg: #4b1d8f;
    }
    .tone-4 {
      --_tone-bg: #fff0c7;
      --_tone-fg: #6b4500;
    }
    .tone-5 {
      --_tone-bg: #d5f1f4;
      --_tone-fg: #0c5560;
    }

    @media (prefers-color-scheme: dark) {
      .avatar {
        --_tone-bg: #1e3a64;
        --_tone-fg: #d6e6ff;
      }
      .tone-1 {
        --_tone-bg: #1c4a2a;
        --_tone-fg: #d3f5dc;
      }
      .tone-2 {
        --_tone-bg: #5a1f1b;
        --_tone-fg: #ffdcd9;
      }
      .tone-3 {
        --_tone-bg: #3b2866;
        --_tone-fg: #eadfff;
      }
      .tone-4 {
        --_tone-bg: #4d3908;
        --_tone-fg: #ffefc2;
      }
      .tone-5 {
        --_tone-bg: #114650;
        --_tone-fg: #d1f4f8;
      }
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

    dd button.link,
    .company-contacts button.link {
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

    .start {
      display: grid;
      gap: var(--_space);
    }

    .start-row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_space);
    }

    .start-row label {
      font-weight: 400;
      color: var(--_muted);
    }

    .start-row select {
      inline-size: auto;
      min-inline-size: 8rem;
    }

    .start-status {
      margin: 0;
    }

    .start-status:empty {
      display: none;
    }

    .success {
      color: var(--_success);
      font-weight: 600;
    }

    .section {
      padding-block-start: var(--_gap);
      border-block-start: 1px solid var(--_divider);
    }

    .conversations,
    .company-contacts {
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

    .status {
      padding-inline: 0.375rem;
      border-radius: 999px;
      background: var(--_raised);
    }

    .status--open {
      color: var(--_success);
    }

    .preview {
      margin: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }

    .company-contacts li {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0 var(--_space);
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
      block-size: var(--_avatar);
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

    dialog {
      inline-size: min(var(--contact-detail-dialog-width, 32rem), calc(100vw - 2rem));
      max-block-size: calc(100dvh - 2rem);
      padding: calc(var(--_padding) * 1.25);
      border: 1px solid var(--_divider);
      border-radius: calc(var(--_radius) * 2);
      background: var(--_surface);
      color: var(--_text);
      box-shadow: 0 1rem 3rem rgb(0 0 0 / 0.25);
    }

    dialog::backdrop {
      background: rgb(0 0 0 / 0.45);
    }

    dialog h2 {
      margin-block-end: calc(var(--_space) * 2);
      font-size: 1.25em;
    }

    @media (forced-colors: active) {
      .avatar {
        border: 1px solid CanvasText;
      }
    }
  `,
];
