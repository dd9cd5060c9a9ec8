import { expect } from '@open-wc/testing';

import { en } from '../../src/i18n/en/index.js';
import { es } from '../../src/i18n/es.js';
import { ptBR } from '../../src/i18n/pt-BR.js';

type Tree = { [key: string]: unknown };

/** Every leaf as `path: kind`, so a missing, extra or re-typed key shows up in the diff. */
function shape(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree)
    .flatMap(([key, value]) => {
      const path = prefix ? `${prefix}.${key}` : key;
      if (typeof value === 'function') return [`${path}: function/${value.length}`];
      if (value && typeof value === 'object') return shape(value as Tree, path);
      return [`${path}: ${typeof value}`];
    })
    .sort();
}

function leaves(tree: Tree, prefix = ''): [string, unknown][] {
  return Object.entries(tree).flatMap(([key, value]): [string, unknown][] => {
    const path = prefix ? `${prefix}.${key}` : key;
    return value && typeof value === 'object' && typeof value !== 'function'
      ? leaves(value as Tree, path)
      : [[path, value]];
  });
}

/** Calls a message function with plausible arguments: counts for `count`, text otherwise. */
function sample(fn: (...args: never[]) => unknown): unknown {
  const args = Array.from({ length: fn.length }, (_, i) => (i === 0 && fn.length === 2 ? 3 : 'X'));
  return (fn as (...args: unknown[]) => unknown)(...args);
}

const locales = { 'pt-BR': ptBR, es } as const;

describe('translations', () => {
  for (const [lang, translation] of Object.entries(locales)) {
    describe(lang, () => {
      it('has exactly the keys of English, with the same kinds and arities', () => {
        expect(shape(translation as Tree)).to.deep.equal(shape(en as Tree));
      });

      it('has no empty string and every message function returns text', () => {
        for (const [path, value] of leaves(translation as Tree)) {
          const text = typeof value === 'function' ? sample(value as () => unknown) : value;
          expect(text, path).to.be.a('string');
          expect((text as string).trim(), path).not.to.equal('');
          expect(text as string, path).not.to.contain('undefined');
        }
      });

      it('translates the accessible names the spec lists', () => {
        // A copy-paste of English would pass the structural test; these must differ.
        const names = [
          translation.panel.contactsTab,
          translation.panel.companiesTab,
          translation.panel.searchContacts,
          translation.panel.newContact,
          translation.form.name,
          translation.common.save,
          translation.common.cancel,
          translation.detail.startConversation,
          translation.detail.recentConversations,
          translation.detail.pendingTitle,
          translation.detail.addContactInfo,
          translation.sidebar.editContact,
          translation.sidebar.allContacts,
        ];
        const english = [
          en.panel.contactsTab,
          en.panel.companiesTab,
          en.panel.searchContacts,
          en.panel.newContact,
          en.form.name,
          en.common.save,
          en.common.cancel,
          en.detail.startConversation,
          en.detail.recentConversations,
          en.detail.pendingTitle,
          en.detail.addContactInfo,
          en.sidebar.editContact,
          en.sidebar.allContacts,
        ];
        for (const [i, name] of names.entries()) {
          expect(name, english[i]).not.to.equal(english[i]);
        }
      });

      it('pluralises counts', () => {
        expect(translation.panel.contactCount(1, '1')).to.match(/^1 \S+$/);
        expect(translation.panel.contactCount(1200, '1.200')).to.contain('1.200');
      });
    });
  }
});
