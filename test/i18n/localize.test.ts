/**
 * The localisation controller in a page that has not loaded any shipped locale yet: this file
 * must not import pt-BR or es, or the lazy-loading checks would pass vacuously.
 */
import { expect, fixture, html } from '@open-wc/testing';

import '../../src/elements/contact-detail/define.js';

import { loadTranslation, registerTranslation } from '../../src/controllers/localize-controller.js';
import type { ContactDetail } from '../../src/elements/contact-detail/contact-detail.js';
import { en } from '../../src/i18n/en/index.js';
import type { Translation } from '../../src/i18n/translation.js';
import { findByRole, queryByRole } from '../helpers/queries.js';
import { ANA, makeAdapter } from '../elements/contacts-fixtures.js';

function fetched(name: string): boolean {
  return performance
    .getEntriesByType('resource')
    .some(entry => entry.name.includes(`/src/i18n/${name}`));
}

async function detailIn(lang?: string) {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div lang=${lang ?? 'en'}>
      <contact-detail .adapter=${makeAdapter()} contact-id=${ANA.id}></contact-detail>
    </div>`,
  );
  if (!lang) wrapper.removeAttribute('lang');
  const el = wrapper.querySelector<ContactDetail>('contact-detail')!;
  return { wrapper, el };
}

describe('localisation', () => {
  afterEach(() => {
    document.documentElement.lang = 'en';
  });

  it('ships English only in the first paint: no locale module is fetched for an English page', async () => {
    const { el } = await detailIn('en');
    await findByRole(el, 'button', { name: 'Edit' });
    expect(fetched('pt-BR')).to.equal(false);
    expect(fetched('es')).to.equal(false);
  });

  it('switches the accessible names when lang changes at runtime, loading each locale once', async () => {
    const { wrapper, el } = await detailIn('en');
    await findByRole(el, 'heading', { name: 'Ana Souza' });
    await findByRole(el, 'button', { name: 'Edit' });

    wrapper.lang = 'pt-BR';
    await findByRole(el, 'button', { name: 'Editar' });
    expect(fetched('pt-BR')).to.equal(true);
    await findByRole(el, 'button', { name: 'Iniciar conversa' });
    await findByRole(el, 'list', { name: 'Conversas recentes' });

    wrapper.lang = 'es';
    await findByRole(el, 'button', { name: 'Iniciar conversación' });
    expect(fetched('es')).to.equal(true);
    await findByRole(el, 'list', { name: 'Conversaciones recientes' });

    wrapper.lang = 'en';
    await findByRole(el, 'button', { name: 'Start conversation' });
    expect(queryByRole(el, 'button', { name: 'Iniciar conversación' })).to.equal(null);
  });

  it('follows <html lang> when no ancestor sets one', async () => {
    await loadTranslation('es');
    document.documentElement.lang = 'es-MX';
    const { el } = await detailIn();
    await findByRole(el, 'button', { name: 'Iniciar conversación' });
    document.documentElement.lang = 'en';
    await findByRole(el, 'button', { name: 'Start conversation' });
  });

  it('formats dates and phones for the locale', async () => {
    const { wrapper, el } = await detailIn('en');
    await findByRole(el, 'heading', { name: 'Ana Souza' });
    const phone = () => el.shadowRoot!.querySelector('a[href^="tel:"]')?.textContent?.trim();
    const time = () =>
      el.shadowRoot!.querySelector(`time[datetime="${ANA.lastActivityAt}"]`)?.textContent?.trim();
    await findByRole(el, 'link', { name: /^\+55 11 98765/ });
    const englishDate = time();

    wrapper.lang = 'pt-BR';
    await findByRole(el, 'button', { name: 'Editar' });
    // A Brazilian number reads in the national format for a Brazilian agent.
    await findByRole(el, 'link', { name: '(11) 98765-4321' });
    expect(phone()).to.equal('(11) 98765-4321');
    expect(time()).to.not.equal(englishDate);
    expect(time()).to.contain('set.');
  });

  it('resolves a lazily loaded locale for region tags and waits for loadTranslation', async () => {
    await loadTranslation('pt-PT');
    const { el } = await detailIn('pt-PT');
    // Already loaded: the very first render is Portuguese.
    await el.updateComplete;
    expect(queryByRole(el, 'button', { name: 'Edit' })).to.equal(null);
    await findByRole(el, 'button', { name: 'Editar' });
  });

  it('lets a host register its own locale, which wins over English fallback', async () => {
    const fr: Translation = {
      ...en,
      detail: { ...en.detail, edit: 'Modifier', startConversation: 'Démarrer la conversation' },
    };
    const { wrapper, el } = await detailIn('fr');
    await findByRole(el, 'button', { name: 'Edit' });
    registerTranslation('fr', fr);
    await findByRole(el, 'button', { name: 'Modifier' });
    wrapper.lang = 'fr-CA';
    await findByRole(el, 'button', { name: 'Démarrer la conversation' });
  });
});
