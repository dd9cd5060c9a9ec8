import { css } from 'lit';

/**
 * "All contacts" (a drawer-sized dialog holding the panel) and its link bar, after the sidebar's
 * own styles; loaded with the dialogs into `drawerSheet`.
 */
export const drawerStyles = css`
  .drawer {
    inline-size: min(var(--conversation-contact-sidebar-drawer-width, 72rem), calc(100vw - 2rem));
    block-size: min(var(--conversation-contact-sidebar-drawer-height, 44rem), calc(100dvh - 2rem));
    padding: 0;
    overflow: hidden;
  }

  .drawer[open] {
    display: flex;
    flex-direction: column;
  }

  .drawer-header,
  .relink {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    padding-block: calc(var(--_space) * 1.5);
    padding-inline: var(--_padding);
  }

  .drawer-header {
    justify-content: space-between;
    border-block-end: 1px solid var(--_divider);
  }

  .drawer-header h2 {
    margin: 0;
  }

  /* The panel fills what the header and the link bar leave. */
  .drawer contacts-panel {
    --contacts-panel-block-size: auto;
    flex: 1 1 0;
    min-block-size: 0;
  }

  .relink {
    justify-content: flex-end;
    border-block-start: 1px solid var(--_divider);
  }

  .relink .hint {
    flex: 1 1 16rem;
  }
`;
