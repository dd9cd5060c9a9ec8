import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';

import '../../src/elements/company-form/define.js';
import '../../src/elements/contact-form/define.js';

import { ContactsError, type ContactsErrorInit } from '../../src/adapter/errors.js';
import type { CompanyForm } from '../../src/elements/company-form/company-form.js';
import type { ContactForm } from '../../src/elements/contact-form/contact-form.js';
import { ContactSaveEvent } from '../../src/events/contact-save.js';
import type { ContactSavedEvent } from '../../src/events/contact-saved.js';
import type { ContactsErrorEvent } from '../../src/events/contacts-error.js';
import { findByRole, getByRole, queryByRole, waitFor } from '../helpers/queries.js';
import {
  ACME,
  ANA,
  BRUNO,
  type SpyAdapter,
  deepActiveElement,
  makeAdapter,
  spy,
  typeInto,
} from './contacts-fixtures.js';

async function contactForm(adapter: SpyAdapter, contact?: ContactForm['contact']) {
  const el = await fixture<ContactForm>(
    html`<contacts-contact-form .adapter=${adapter} .contact=${contact}></contacts-contact-form>`,
  );
  await el.updateComplete;
  return el;
}

function field(el: Element, name: 'Name' | 'Email' | 'Phone'): HTMLInputElement {
  return getByRole(el, 'textbox', { name }) as HTMLInputElement;
}

function describedText(el: HTMLElement): string {
  const ids = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  const root = el.getRootNode() as ShadowRoot;
  return ids.map(id => root.getElementById(id)?.textContent?.trim() ?? '').join(' ');
}

async function submit(el: HTMLElement) {
  getByRole(el, 'button', { name: 'Save' }).click();
}

describe('<contacts-contact-form>', () => {
  describe('accessibility', () => {
    it('passes axe when empty', async () => {
      const el = await contactForm(spy(makeAdapter()));
      await expect(el).to.be.accessible();
    });

    it('passes axe with errors shown', async () => {
      const el = await contactForm(spy(makeAdapter()));
      typeInto(field(el, 'Phone'), 'not a phone');
      await submit(el);
      await findByRole(el, 'alert').catch(() => undefined);
      await waitFor(() => field(el, 'Phone').getAttribute('aria-invalid') === 'true');
      await expect(el).to.be.accessible();
    });

    it('passes axe when showing a conflict', async () => {
      const adapter = spy(makeAdapter());
      const el = await contactForm(adapter, ANA);
      await adapter.updateContact(ANA.id, { phone: '+5511900000000' }, { expectedVersion: 1 });
      typeInto(field(el, 'Name'), 'Ana S.');
      await submit(el);
      await findByRole(el, 'button', { name: 'Overwrite' });
      await expect(el).to.be.accessible();
    });
  });

  describe('defaults', () => {
    it('has Name, Email and Phone textboxes, a Company combobox, Save and Cancel', async () => {
      const el = await contactForm(spy(makeAdapter()));
      for (const name of ['Name', 'Email', 'Phone'] as const) {
        expect(field(el, name).value).to.equal('');
      }
      expect(getByRole(el, 'combobox', { name: 'Company' })).to.exist;
      expect(getByRole(el, 'button', { name: 'Save' })).to.exist;
      expect(getByRole(el, 'button', { name: 'Cancel' })).to.exist;
    });

    it('focuses the initial field and exposes focusField', async () => {
      const el = await fixture<ContactForm>(
        html`<contacts-contact-form
          .adapter=${makeAdapter()}
          initial-focus="email"
        ></contacts-contact-form>`,
      );
      await waitFor(() => deepActiveElement()?.id === 'email');
      await el.focusField('phone');
      expect(deepActiveElement()?.id).to.equal('phone');
      await el.focusField('company');
      expect(deepActiveElement()?.getAttribute('role')).to.equal('combobox');
    });
  });

  describe('create', () => {
    it('refuses a contact without email or phone, keeps what was typed, and writes nothing', async () => {
      const adapter = spy(makeAdapter());
      const el = await contactForm(adapter);
      let saves = 0;
      el.addEventListener('contact-save', () => saves++);
      typeInto(field(el, 'Name'), 'Maria');
      await submit(el);
      const alert = await findByRole(el, 'alert');
      expect(alert.textContent).to.contain('A contact needs an email address or a phone number.');
      expect(field(el, 'Name').value).to.equal('Maria');
      expect(adapter.calls.createContact).to.equal(undefined);
      expect(saves).to.equal(0);
      const email = field(el, 'Email');
      await waitFor(() => deepActiveElement() === email);
      expect(email.getAttribute('aria-invalid')).to.equal('true');
      expect(describedText(email)).to.contain(
        'A contact needs an email address or a phone number.',
      );
      // Typing the missing information clears the form-level message.
      typeInto(email, 'm');
      await el.updateComplete;
      expect(queryByRole(el, 'alert')).to.equal(null);
    });

    it('shows a message on each invalid field and focuses the first', async () => {
      const adapter = spy(makeAdapter());
      const el = await contactForm(adapter);
      typeInto(field(el, 'Email'), 'maria@');
      typeInto(field(el, 'Phone'), '12');
      await submit(el);
      const email = field(el, 'Email');
      await waitFor(() => email.getAttribute('aria-invalid') === 'true');
      expect(describedText(email)).to.contain('Enter an email address like name@example.com.');
      expect(describedText(field(el, 'Phone'))).to.contain(
        'Enter a phone number with its area code',
      );
      expect(deepActiveElement()).to.equal(email);
      expect(email.value).to.equal('maria@');
      expect(adapter.calls.createContact).to.equal(undefined);
    });

    it('fires contact-save then contact-saved with normalised values', async () => {
      const adapter = spy(makeAdapter());
      const el = await contactForm(adapter);
      typeInto(field(el, 'Name'), '  Maria Luíza ');
      typeInto(field(el, 'Email'), 'Maria@Example.COM ');
      typeInto(field(el, 'Phone'), '(21) 99876-5432');
      const save = oneEvent(el, 'contact-save');
      const saved = oneEvent(el, 'contact-saved');
      await submit(el);
      const intent = await save;
      expect(intent).to.be.instanceOf(ContactSaveEvent);
      expect(intent.bubbles && intent.composed && intent.cancelable).to.equal(true);
      expect(intent.detail).to.deep.equal({
        mode: 'create',
        values: { name: 'Maria Luíza', email: 'maria@example.com', phone: '+5521998765432' },
      });
      const { detail } = (await saved) as ContactSavedEvent;
      expect(detail.mode).to.equal('create');
      expect(detail.contact.phone).to.equal('+5521998765432');
      expect(detail.contact.nameSource).to.equal('agent');
      // The form starts over for the next contact.
      await el.updateComplete;
      expect(field(el, 'Email').value).to.equal('');
    });

    it('reads numbers without + in the configured default country', async () => {
      const adapter = spy(makeAdapter());
      const el = await fixture<ContactForm>(
        html`<contacts-contact-form
          .adapter=${adapter}
          default-country="US"
        ></contacts-contact-form>`,
      );
      expect(getByRole(el, 'textbox', { name: 'Phone' }).getAttribute('aria-describedby')).to.exist;
      typeInto(field(el, 'Phone'), '(212) 555-0123');
      const saved = oneEvent(el, 'contact-saved');
      await submit(el);
      expect(((await saved) as ContactSavedEvent).detail.contact.phone).to.equal('+12125550123');
    });

    it('writes nothing when the host prevents contact-save', async () => {
      const adapter = spy(makeAdapter());
      const el = await contactForm(adapter);
      el.addEventListener('contact-save', event => event.preventDefault());
      typeInto(field(el, 'Email'), 'host@example.com');
      const intent = oneEvent(el, 'contact-save');
      await submit(el);
      await intent;
      await el.updateComplete;
      expect(adapter.calls.createContact).to.equal(undefined);
    });

    it('keeps the values after a network failure and retries with the same idempotency key', async () => {
      const base = makeAdapter();
      const adapter = spy(base);
      const el = await contactForm(adapter);
      const errors: ContactsErrorEvent[] = [];
      el.addEventListener('contacts-error', event => errors.push(event));
      adapter.loseNextResponse('createContact');
      typeInto(field(el, 'Name'), 'Carla');
      typeInto(field(el, 'Email'), 'carla@example.com');
      await submit(el);
      const alert = await findByRole(el, 'alert');
      expect(alert.textContent).to.contain('The contact was not saved.');
      expect(alert.textContent).to.contain('Could not reach the server');
      await waitFor(() => deepActiveElement() === alert);
      expect(field(el, 'Name').value).to.equal('Carla');
      expect(field(el, 'Email').value).to.equal('carla@example.com');
      expect(errors).to.have.length(1);
      expect(errors[0]!.detail.operation).to.equal('create-contact');
      await expect(el).to.be.accessible();

      const saved = oneEvent(el, 'contact-saved');
      await submit(el);
      await saved;
      const keys = adapter.calls.createContact!.map(
        args => (args[1] as { idempotencyKey: string }).idempotencyKey,
      );
      expect(keys).to.have.length(2);
      expect(keys[0]).to.equal(keys[1]);
      const matches = base.snapshot().contacts.filter(c => c.email === 'carla@example.com');
      expect(matches, 'written once').to.have.length(1);
    });

    it('uses a new idempotency key for the next contact', async () => {
      const adapter = spy(makeAdapter());
      const el = await contactForm(adapter);
      for (const email of ['one@example.com', 'two@example.com']) {
        typeInto(field(el, 'Email'), email);
        const saved = oneEvent(el, 'contact-saved');
        await submit(el);
        await saved;
      }
      const [first, second] = adapter.calls.createContact!.map(
        args => (args[1] as { idempotencyKey: string }).idempotencyKey,
      );
      expect(first).not.to.equal(second);
    });

    it('ignores a second Save while the first is in flight', async () => {
      const adapter = spy(makeAdapter({ latency: 80 }));
      const el = await contactForm(adapter);
      typeInto(field(el, 'Email'), 'once@example.com');
      const saved = oneEvent(el, 'contact-saved');
      await submit(el);
      await waitFor(() => adapter.calls.createContact?.length === 1);
      await submit(el);
      await saved;
      expect(adapter.calls.createContact).to.have.length(1);
    });

    it('saves once on a double click, even while validating', async () => {
      const adapter = spy(makeAdapter());
      const el = await contactForm(adapter);
      let intents = 0;
      el.addEventListener('contact-save', () => intents++);
      typeInto(field(el, 'Phone'), '+44 20 7946 0958');
      const saved = oneEvent(el, 'contact-saved');
      const save = getByRole(el, 'button', { name: 'Save' });
      save.click();
      save.click();
      await saved;
      expect(intents).to.equal(1);
      expect(adapter.calls.createContact).to.have.length(1);
    });

    it('shows an adapter validation error on its field', async () => {
      const adapter = spy(makeAdapter());
      const el = await fixture<ContactForm>(
        html`<contacts-contact-form
          .adapter=${adapter}
          .draft=${{ email: 'new@example.com', companyId: 'co_gone' }}
        ></contacts-contact-form>`,
      );
      expect(field(el, 'Email').value).to.equal('new@example.com');
      await submit(el);
      const company = getByRole(el, 'combobox', { name: 'Company' });
      await waitFor(() => company.getAttribute('aria-invalid') === 'true');
      expect(describedText(company)).to.equal('That company does not exist.');
      await waitFor(() => deepActiveElement() === company);
    });
  });

  describe('codes the package does not know', () => {
    it('a field code from a host adapter that is not ours, even an Object member, shows the general refusal', async () => {
      const adapter = spy(makeAdapter());
      const fields = {
        email: 'toString',
        name: 'no-such-code',
      } as unknown as ContactsErrorInit['fields'];
      adapter.failNext('createContact', 1, new ContactsError('validation', 'No.', { fields }));
      const el = await contactForm(adapter);
      typeInto(field(el, 'Name'), 'Ana');
      typeInto(field(el, 'Email'), 'ana@example.com');
      await submit(el);
      await waitFor(() => field(el, 'Email').getAttribute('aria-invalid') === 'true');
      const refusal = 'The server refused these values without saying which.';
      expect(describedText(field(el, 'Email'))).to.contain(refusal);
      expect(describedText(field(el, 'Name'))).to.contain(refusal);
      expect(describedText(field(el, 'Email'))).not.to.contain('function');
      expect(field(el, 'Email').value).to.equal('ana@example.com');
    });
  });

  describe('duplicates', () => {
    it('warns while typing an email that another contact has, and opens it', async () => {
      const adapter = spy(makeAdapter());
      const el = await contactForm(adapter);
      const email = field(el, 'Email');
      email.focus();
      await sendKeys({ type: 'ANA@example.com' });
      const open = await findByRole(el, 'button', { name: 'Open existing contact' });
      expect(describedText(email)).to.contain('A contact with this email already exists.');
      // Debounced: one lookup for the whole word, not one per key.
      expect(adapter.calls.listContacts).to.have.length(1);
      expect(adapter.calls.listContacts![0]![0]).to.include({ email: 'ana@example.com' });
      const event = oneEvent(el, 'contacts-open-existing');
      open.click();
      const { detail, bubbles, composed } = await event;
      expect(detail).to.deep.equal({ contactId: ANA.id });
      expect(bubbles && composed).to.equal(true);
    });

    it('warns on a phone number typed in national format', async () => {
      const el = await contactForm(spy(makeAdapter()));
      typeInto(field(el, 'Phone'), '(11) 98765-4321');
      await findByRole(el, 'button', { name: 'Open existing contact' });
      expect(describedText(field(el, 'Phone'))).to.contain(
        'A contact with this phone number already exists.',
      );
    });

    it('drops a stale lookup when the value changes', async () => {
      const adapter = spy(makeAdapter({ latency: 150 }));
      const el = await contactForm(adapter);
      typeInto(field(el, 'Email'), 'ana@example.com');
      await waitFor(() => adapter.calls.listContacts?.length === 1);
      typeInto(field(el, 'Email'), 'nobody@example.com');
      const signal = (adapter.calls.listContacts![0]![1] as { signal: AbortSignal }).signal;
      expect(signal.aborted).to.equal(true);
      await waitFor(() => adapter.calls.listContacts?.length === 2);
      await new Promise(resolve => setTimeout(resolve, 200));
      expect(queryByRole(el, 'button', { name: 'Open existing contact' })).to.equal(null);
    });

    it('does not warn about the contact being edited', async () => {
      const adapter = spy(makeAdapter());
      const el = await contactForm(adapter, ANA);
      typeInto(field(el, 'Email'), 'ana@example.com ');
      await new Promise(resolve => setTimeout(resolve, 350));
      expect(queryByRole(el, 'button', { name: 'Open existing contact' })).to.equal(null);
    });

    it('shows a duplicate the adapter reports on save on that field', async () => {
      const adapter = spy(makeAdapter());
      const el = await contactForm(adapter);
      typeInto(field(el, 'Email'), 'bruno@example.com');
      await submit(el);
      const email = field(el, 'Email');
      await waitFor(() => email.getAttribute('aria-invalid') === 'true');
      expect(describedText(email)).to.contain('A contact with this email already exists.');
      const event = oneEvent(el, 'contacts-open-existing');
      getByRole(el, 'button', { name: 'Open existing contact' }).click();
      expect((await event).detail.contactId).to.equal(BRUNO.id);
    });
  });

  describe('edit', () => {
    it('starts from the contact and saves only what changed, with the expected version', async () => {
      const adapter = spy(makeAdapter());
      const el = await contactForm(adapter, ANA);
      expect(field(el, 'Name').value).to.equal('Ana Souza');
      expect(field(el, 'Email').value).to.equal('ana@example.com');
      expect(field(el, 'Phone').value.replace(/\D/g, '')).to.equal('5511987654321');
      await waitFor(
        () =>
          (getByRole(el, 'combobox', { name: 'Company' }) as HTMLInputElement).value === ACME.name,
      );
      typeInto(field(el, 'Name'), 'Ana Paula Souza');
      const save = oneEvent(el, 'contact-save');
      const saved = oneEvent(el, 'contact-saved');
      await submit(el);
      expect((await save).detail).to.deep.equal({
        mode: 'update',
        contactId: ANA.id,
        expectedVersion: 1,
        values: { name: 'Ana Paula Souza' },
      });
      const { contact } = ((await saved) as ContactSavedEvent).detail;
      expect(contact.name).to.equal('Ana Paula Souza');
      expect(contact.nameSource, 'an agent edit is agent-set').to.equal('agent');
      expect(contact.version).to.equal(2);
    });

    it('requires a name and refuses to clear both email and phone', async () => {
      const adapter = spy(makeAdapter());
      const el = await contactForm(adapter, ANA);
      typeInto(field(el, 'Name'), ' ');
      typeInto(field(el, 'Email'), '');
      typeInto(field(el, 'Phone'), '');
      await submit(el);
      await findByRole(el, 'alert');
      expect(describedText(field(el, 'Name'))).to.contain('Enter a name.');
      expect(queryByRole(el, 'alert')!.textContent).to.contain('A contact needs an email');
      expect(deepActiveElement()).to.equal(field(el, 'Name'));
      expect(adapter.calls.updateContact).to.equal(undefined);
    });

    it('cancels rather than writes when nothing changed', async () => {
      const adapter = spy(makeAdapter());
      const el = await contactForm(adapter, ANA);
      const cancel = oneEvent(el, 'contacts-form-cancel');
      await submit(el);
      await cancel;
      expect(adapter.calls.updateContact).to.equal(undefined);
    });

    it('detects a concurrent edit, keeps the agent\u2019s values, and overwrites on request', async () => {
      const base = makeAdapter();
      const adapter = spy(base);
      const el = await contactForm(adapter, ANA);
      await base.updateContact(ANA.id, { name: 'Ana (from CRM)' }, { expectedVersion: 1 });
      typeInto(field(el, 'Name'), 'Ana Agent');
      const errors = oneEvent(el, 'contacts-error');
      await submit(el);
      const alert = await findByRole(el, 'alert');
      expect(alert.textContent).to.contain('This contact was changed by someone else.');
      expect(((await errors) as ContactsErrorEvent).detail.operation).to.equal('update-contact');
      expect(field(el, 'Name').value).to.equal('Ana Agent');
      await waitFor(() => deepActiveElement() === alert);
      const saved = oneEvent(el, 'contact-saved');
      getByRole(el, 'button', { name: 'Overwrite' }).click();
      const { contact } = ((await saved) as ContactSavedEvent).detail;
      expect(contact.name).to.equal('Ana Agent');
      expect(contact.version).to.equal(3);
      const last = adapter.calls.updateContact!.at(-1)!;
      expect(last[2]).to.include({ expectedVersion: 2 });
    });

    it('reloads the latest version on request, discarding the edits', async () => {
      const base = makeAdapter();
      const adapter = spy(base);
      const el = await contactForm(adapter, ANA);
      await base.updateContact(ANA.id, { name: 'Ana (from CRM)' }, { expectedVersion: 1 });
      typeInto(field(el, 'Name'), 'Ana Agent');
      await submit(el);
      (await findByRole(el, 'button', { name: 'Reload' })).click();
      await waitFor(() => field(el, 'Name').value === 'Ana (from CRM)');
      expect(queryByRole(el, 'alert')).to.equal(null);
      // The next save starts from the reloaded version.
      typeInto(field(el, 'Name'), 'Ana Final');
      const saved = oneEvent(el, 'contact-saved');
      await submit(el);
      expect(((await saved) as ContactSavedEvent).detail.contact.name).to.equal('Ana Final');
    });

    it('keeps typed edits when a newer version of the contact arrives', async () => {
      const adapter = spy(makeAdapter());
      const el = await contactForm(adapter, ANA);
      typeInto(field(el, 'Name'), 'Typed by agent');
      el.contact = { ...ANA, name: 'Pushed', version: 2 };
      await el.updateComplete;
      expect(field(el, 'Name').value).to.equal('Typed by agent');
    });

    it('follows a newer version while untouched', async () => {
      const el = await contactForm(spy(makeAdapter()), ANA);
      el.contact = { ...ANA, name: 'Pushed', version: 2 };
      await el.updateComplete;
      expect(field(el, 'Name').value).to.equal('Pushed');
    });
  });

  describe('company picker', () => {
    it('links a company chosen with the keyboard', async () => {
      const adapter = spy(makeAdapter());
      const el = await contactForm(adapter);
      typeInto(field(el, 'Email'), 'picker@example.com');
      const combo = getByRole(el, 'combobox', { name: 'Company' });
      combo.focus();
      await sendKeys({ type: 'glob' });
      await findByRole(el, 'option', { name: /^Globex/ });
      expect(combo.getAttribute('aria-expanded')).to.equal('true');
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'ArrowDown' });
      expect(combo.getAttribute('aria-activedescendant')).to.equal('option-1');
      await sendKeys({ press: 'Enter' });
      expect(combo.getAttribute('aria-expanded')).to.equal('false');
      expect((combo as HTMLInputElement).value).to.equal('Globex');
      const saved = oneEvent(el, 'contact-saved');
      await submit(el);
      expect(((await saved) as ContactSavedEvent).detail.contact.companyId).to.equal('co_globex');
    });

    it('closes its list on Escape without dismissing the form', async () => {
      const el = await contactForm(spy(makeAdapter()));
      let cancelled = false;
      el.addEventListener('contacts-form-cancel', () => (cancelled = true));
      const combo = getByRole(el, 'combobox', { name: 'Company' });
      combo.focus();
      await sendKeys({ press: 'ArrowDown' });
      await findByRole(el, 'option', { name: /^Acme/ });
      await sendKeys({ press: 'Escape' });
      expect(combo.getAttribute('aria-expanded')).to.equal('false');
      expect(cancelled).to.equal(false);
      await sendKeys({ press: 'Escape' });
      expect(cancelled, 'a second Escape dismisses the form').to.equal(true);
    });

    it('removes the company when the text is cleared', async () => {
      const adapter = spy(makeAdapter());
      const el = await contactForm(adapter, ANA);
      const combo = getByRole(el, 'combobox', { name: 'Company' }) as HTMLInputElement;
      await waitFor(() => combo.value === ACME.name);
      combo.focus();
      typeInto(combo, '');
      field(el, 'Name').focus();
      const save = oneEvent(el, 'contact-save');
      await submit(el);
      expect((await save).detail).to.deep.include({ values: { companyId: null } });
    });
  });

  describe('cancel', () => {
    it('fires contacts-form-cancel on Cancel and on Escape', async () => {
      const el = await contactForm(spy(makeAdapter()));
      let count = 0;
      el.addEventListener('contacts-form-cancel', () => count++);
      getByRole(el, 'button', { name: 'Cancel' }).click();
      field(el, 'Name').focus();
      await sendKeys({ press: 'Escape' });
      expect(count).to.equal(2);
    });
  });
});

describe('<contacts-company-form>', () => {
  async function companyForm(adapter: SpyAdapter, company?: CompanyForm['company']) {
    return fixture<CompanyForm>(
      html`<contacts-company-form .adapter=${adapter} .company=${company}></contacts-company-form>`,
    );
  }

  it('passes axe', async () => {
    const el = await companyForm(spy(makeAdapter()));
    await expect(el).to.be.accessible();
  });

  it('requires a name and validates the domain, keeping what was typed', async () => {
    const adapter = spy(makeAdapter());
    const el = await companyForm(adapter);
    const domain = getByRole(el, 'textbox', { name: 'Domain' }) as HTMLInputElement;
    typeInto(domain, 'not a domain');
    await submit(el);
    const name = getByRole(el, 'textbox', { name: 'Name' });
    await waitFor(() => name.getAttribute('aria-invalid') === 'true');
    expect(describedText(name)).to.contain('Enter a name.');
    expect(describedText(domain)).to.contain('Enter a domain like example.com.');
    expect(deepActiveElement()).to.equal(name);
    expect(domain.value).to.equal('not a domain');
    expect(adapter.calls.createCompany).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('creates a company with company-save and company-saved', async () => {
    const adapter = spy(makeAdapter());
    const el = await companyForm(adapter);
    typeInto(getByRole(el, 'textbox', { name: 'Name' }), 'Initech');
    typeInto(getByRole(el, 'textbox', { name: 'Domain' }), 'https://www.Initech.com/about');
    const save = oneEvent(el, 'company-save');
    const saved = oneEvent(el, 'company-saved');
    await submit(el);
    expect((await save).detail).to.deep.equal({
      mode: 'create',
      values: { name: 'Initech', domain: 'initech.com' },
    });
    expect((await saved).detail.company.domain).to.equal('initech.com');
  });

  it('warns about a domain another company has, and reports it on save', async () => {
    const adapter = spy(makeAdapter());
    const el = await companyForm(adapter);
    typeInto(getByRole(el, 'textbox', { name: 'Name' }), 'Acme 2');
    typeInto(getByRole(el, 'textbox', { name: 'Domain' }), 'acme.com.br');
    const open = await findByRole(el, 'button', { name: 'Open existing company' });
    const event = oneEvent(el, 'company-open-existing');
    open.click();
    expect((await event).detail).to.deep.equal({ companyId: ACME.id });
    await submit(el);
    const domain = getByRole(el, 'textbox', { name: 'Domain' });
    await waitFor(() => domain.getAttribute('aria-invalid') === 'true');
    expect(describedText(domain)).to.contain('A company with this domain already exists.');
  });

  it('retries a failed create with the same idempotency key', async () => {
    const base = makeAdapter();
    const adapter = spy(base);
    const el = await companyForm(adapter);
    adapter.failNext('createCompany', 1, new ContactsError('unavailable', 'down'));
    typeInto(getByRole(el, 'textbox', { name: 'Name' }), 'Umbrella');
    await submit(el);
    const alert = await findByRole(el, 'alert');
    expect(alert.textContent).to.contain('The company was not saved.');
    const saved = oneEvent(el, 'company-saved');
    await submit(el);
    await saved;
    const [a, b] = adapter.calls.createCompany!.map(
      args => (args[1] as { idempotencyKey: string }).idempotencyKey,
    );
    expect(a).to.equal(b);
    expect(base.snapshot().companies.filter(c => c.name === 'Umbrella')).to.have.length(1);
  });

  it('detects a concurrent edit and overwrites on request', async () => {
    const base = makeAdapter();
    const el = await companyForm(spy(base), ACME);
    await base.updateCompany(ACME.id, { name: 'Acme S.A.' }, { expectedVersion: 1 });
    typeInto(getByRole(el, 'textbox', { name: 'Name' }), 'Acme Brasil');
    await submit(el);
    const alert = await findByRole(el, 'alert');
    expect(alert.textContent).to.contain('This company was changed by someone else.');
    await expect(el).to.be.accessible();
    const saved = oneEvent(el, 'company-saved');
    getByRole(el, 'button', { name: 'Overwrite' }).click();
    expect((await saved).detail.company.name).to.equal('Acme Brasil');
  });
});
