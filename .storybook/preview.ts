import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { mswLoader } from 'msw-storybook-addon/csf3';
import { withActions } from 'storybook/actions/decorator';
import { configure } from 'storybook/test';

import manifest from '../custom-elements.json';
import '../src/define.js';
import { setupStoriesWorker } from '../stories/support/mock-api.js';

interface Member {
  kind: string;
  privacy?: string;
  static?: boolean;
}

/**
 * Docs and Controls come from the manifest the package ships (cem analyze). Storybook would list
 * every class member, private ones included, as a control; only the public API belongs there.
 */
setCustomElementsManifest({
  ...manifest,
  modules: manifest.modules.map(module => ({
    ...module,
    declarations: module.declarations?.map(declaration =>
      'members' in declaration && declaration.members
        ? {
            ...declaration,
            members: (declaration.members as Member[]).filter(
              member => !member.privacy && !member.static,
            ),
          }
        : declaration,
    ),
  })),
});

// Testing Library prints the container's DOM on a failed query, and cannot print a shadow root;
// the message alone says what was missing.
configure({
  getElementError: message =>
    Object.assign(new Error(message ?? 'Element not found'), {
      name: 'TestingLibraryElementError',
    }),
});

const RTL = new Set(['ar', 'he', 'fa', 'ur']);

/** Every public event, logged in the Actions panel. */
const EVENTS = [
  'contacts-select',
  'contact-save',
  'contact-saved',
  'company-save',
  'company-saved',
  'contact-conversation-start',
  'contact-conversation-started',
  'contacts-open-existing',
  'company-open-existing',
  'contact-resolved',
  'conversation-contact-relink',
  'contacts-error',
];

const preview: Preview = {
  loaders: [mswLoader(setupStoriesWorker)],
  decorators: [
    withActions,
    // The story's language, direction, colour scheme and width, as a host page would set them.
    (story, context) => {
      const locale = String(context.globals.locale ?? 'en');
      const theme = String(context.globals.theme ?? 'auto');
      const width = context.parameters.frameWidth as string | undefined;
      return html`<div
        class="story-frame ${context.viewMode === 'story' ? 'story-frame--page' : ''}"
        lang=${locale}
        dir=${RTL.has(locale.split('-')[0]!) ? 'rtl' : 'ltr'}
        data-theme=${theme}
        ${ref(frame => {
          // Through the CSSOM: a style attribute (styleMap's first render) breaks style-src 'self'.
          if (frame instanceof HTMLElement) frame.style.inlineSize = width ?? '';
        })}
      >
        ${story()}
      </div>`;
    },
  ],
  globalTypes: {
    locale: {
      description: 'The lang attribute around the story',
      toolbar: {
        title: 'Language',
        icon: 'globe',
        dynamicTitle: true,
        items: [
          { value: 'en', title: 'English' },
          { value: 'pt-BR', title: 'Português (Brasil)' },
          { value: 'es', title: 'Español' },
          { value: 'ar', title: 'العربية (right to left, English strings)' },
        ],
      },
    },
    theme: {
      description: '--contacts-color-scheme around the story',
      toolbar: {
        title: 'Theme',
        icon: 'contrast',
        dynamicTitle: true,
        items: [
          { value: 'auto', title: 'System' },
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
        ],
      },
    },
  },
  initialGlobals: { locale: 'en', theme: 'auto' },
  parameters: {
    layout: 'fullscreen',
    actions: { handles: EVENTS },
    controls: { expanded: true, sort: 'requiredFirst' },
    a11y: { test: 'error' },
    docs: { story: { inline: true } },
  },
  tags: ['autodocs'],
};

export default preview;
