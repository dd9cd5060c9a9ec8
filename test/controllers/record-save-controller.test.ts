import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { LitElement, html as litHtml } from 'lit';
import { property } from 'lit/decorators.js';

import { ContactsError } from '../../src/adapter/errors.js';
import type { ContactsAdapter } from '../../src/adapter/types.js';
import {
  type RecordOperations,
  RecordSaveController,
} from '../../src/controllers/record-save-controller.js';
import { CompanySaveEvent } from '../../src/events/company-save.js';
import { CompanySavedEvent } from '../../src/events/company-saved.js';
import type { ContactsErrorEvent } from '../../src/events/contacts-error.js';
import type { Company, CompanyDraft, CompanyPatch } from '../../src/model/types.js';
import { validateCompanyDraft, validateCompanyPatch } from '../../src/model/validation.js';
import { waitFor } from '../helpers/queries.js';
import { ACME, type SpyAdapter, makeAdapter, spy } from '../elements/contacts-fixtures.js';

type Field = 'name' | 'domain';

const COMPANIES: RecordOperations<Company, CompanyDraft, CompanyPatch, 'company'> = {
  noun: 'company',
  get: (adapter, id) => adapter.getCompany(id),
  create: (adapter, draft, options) => adapter.createCompany(draft, options),
  update: (adapter, id, patch, options) => adapter.updateCompany(id, patch, options),
};

/** The smallest form: two inputs wired to the controller, and a record of what it asked for. */
class SaveProbe extends LitElement {
  @property({ attribute: false }) adapter?: ContactsAdapter;
  @property({ attribute: false }) company?: Company;
  @property({ attribute: false }) draft?: CompanyDraft;

  unchanged = 0;
  readonly focused: string[] = [];

  readonly saver = new RecordSaveController(this, {
    operations: COMPANIES,
    record: () => this.company,
    valuesOf: (company, draft) => ({
      name: company?.name ?? draft?.name ?? '',
      domain: company?.domain ?? draft?.domain ?? '',
    }),
    validateDraft: values => validateCompanyDraft(values),
    validatePatch: (values, base) => {
      const checked = validateCompanyPatch(values);
      if (!checked.ok) return checked;
      const patch: CompanyPatch = {};
      const { name } = checked.value;
      if (name !== undefined && name !== base.name) patch.name = name;
      if ((checked.value.domain ?? undefined) !== base.domain) patch.domain = checked.value.domain;
      return { ok: true, value: patch };
    },
    intent: detail => new CompanySaveEvent(detail),
    saved: (mode, company) => new CompanySavedEvent({ mode, company }),
    fieldOf: field => (field === 'name' || field === 'domain' ? field : undefined),
    fieldOrder: ['name', 'domain'] as const satisfies readonly Field[],
    focusField: async field => {
      this.focused.push(field);
    },
    focusProblem: async () => {
      this.focused.push('problem');
    },
    onUnchanged: () => this.unchanged++,
  });

  type(values: Partial<Record<Field, string>>): void {
    for (const [field, value] of Object.entries(values) as [Field, string][]) {
      this.saver.edit({ [field]: value }, field);
    }
  }

  override render() {
    return litHtml`<input name="name" .value=${this.saver.values.name} @input=${this.saver.onInput} />`;
  }
}
customElements.define('record-save-probe', SaveProbe);

async function probe(adapter: ContactsAdapter | undefined, company?: Company) {
  return fixture<SaveProbe>(
    html`<record-save-probe .adapter=${adapter} .company=${company}></record-save-probe>`,
  );
}

function keys(adapter: SpyAdapter): string[] {
  return (adapter.calls.createCompany ?? []).map(
    args => (args[1] as { idempotencyKey: string }).idempotencyKey,
  );
}

describe('RecordSaveController', () => {
  it('starts idle with values from the draft, and takes typed input', async () => {
    const el = await fixture<SaveProbe>(
      html`<record-save-probe .draft=${{ name: 'Initech' }}></record-save-probe>`,
    );
    expect(el.saver.state).to.deep.equal({ status: 'idle' });
    expect(el.saver.values).to.deep.equal({ name: 'Initech', domain: '' });
    const input = el.shadowRoot!.querySelector('input')!;
    input.value = 'Initech Ltd';
    input.dispatchEvent(new Event('input'));
    expect(el.saver.values.name).to.equal('Initech Ltd');
  });

  it('creates one record across retries with one key, and draws a new key for the next', async () => {
    const base = makeAdapter();
    const adapter = spy(base);
    const el = await probe(adapter);
    const errors: string[] = [];
    el.addEventListener('contacts-error', e =>
      errors.push((e as ContactsErrorEvent).detail.operation),
    );
    adapter.loseNextResponse('createCompany');
    el.type({ name: 'Umbrella', domain: 'umbrella.example' });

    await el.saver.save();
    expect(el.saver.state.status).to.equal('failed');
    expect(el.saver.values).to.deep.equal({ name: 'Umbrella', domain: 'umbrella.example' });
    expect(errors).to.deep.equal(['create-company']);
    expect(el.focused).to.deep.equal(['problem']);

    const saved = oneEvent(el, 'company-saved');
    await el.saver.save();
    expect((await saved).detail.mode).to.equal('create');
    expect(el.saver.state.status).to.equal('idle');
    expect(el.saver.values, 'ready for the next record').to.deep.equal({ name: '', domain: '' });
    const [first, retry] = keys(adapter);
    expect(retry).to.equal(first);
    expect(base.snapshot().companies.filter(c => c.name === 'Umbrella')).to.have.length(1);

    el.type({ name: 'Hooli' });
    await el.saver.save();
    expect(keys(adapter)).to.have.length(3);
    expect(keys(adapter)[2]).not.to.equal(first);
  });

  it('keeps the same key while a failed create is fixed and retried', async () => {
    const adapter = spy(makeAdapter());
    const el = await probe(adapter);
    adapter.failNext('createCompany', 1, new ContactsError('unavailable', 'down'));
    el.type({ name: 'Umbrella' });
    await el.saver.save();
    el.type({ name: 'Umbrella Corp' });
    await el.saver.save();
    const [first, second] = keys(adapter);
    expect(second).to.equal(first);
  });

  it('saves once when Save is pressed twice, and is busy until the write settles', async () => {
    const adapter = spy(makeAdapter({ latency: 40 }));
    const el = await probe(adapter);
    let intents = 0;
    el.addEventListener('company-save', () => intents++);
    el.type({ name: 'Once' });
    const first = el.saver.save();
    const second = el.saver.save();
    expect(el.saver.state.status).to.equal('saving');
    expect(el.saver.busy).to.equal(true);
    await Promise.all([first, second]);
    expect(intents).to.equal(1);
    expect(adapter.calls.createCompany).to.have.length(1);
    expect(el.saver.busy).to.equal(false);
  });

  it('refuses invalid values on their fields, focuses the first, and writes nothing', async () => {
    const adapter = spy(makeAdapter());
    const el = await probe(adapter);
    el.addEventListener('company-save', () => expect.fail('no intent for invalid values'));
    el.type({ domain: 'not a domain' });
    await el.saver.save();
    expect(el.saver.messages).to.deep.equal({
      name: { code: 'name-required' },
      domain: { code: 'invalid-domain' },
    });
    expect(el.saver.state.status).to.equal('idle');
    expect(el.focused).to.deep.equal(['name']);
    expect(el.saver.values.domain).to.equal('not a domain');
    el.type({ name: 'Fixed' });
    expect(el.saver.messages).to.deep.equal({ domain: { code: 'invalid-domain' } });
    expect(adapter.calls.createCompany).to.equal(undefined);
  });

  it('puts a duplicate the adapter reports on its field, with the record that holds it', async () => {
    const el = await probe(spy(makeAdapter()));
    el.type({ name: 'Acme 2', domain: ACME.domain! });
    await el.saver.save();
    expect(el.saver.messages.domain).to.deep.equal({ code: 'duplicate', existingId: ACME.id });
    expect(el.saver.problem).to.equal(undefined);
    expect(el.focused).to.deep.equal(['domain']);
  });

  it('writes nothing when the host prevents the intent', async () => {
    const adapter = spy(makeAdapter());
    const el = await probe(adapter);
    el.addEventListener('company-save', event => event.preventDefault());
    el.type({ name: 'Mine' });
    await el.saver.save();
    expect(adapter.calls.createCompany).to.equal(undefined);
    expect(el.saver.state.status).to.equal('idle');
    expect(el.saver.values.name).to.equal('Mine');
  });

  it('fails without an adapter, keeping the values', async () => {
    const el = await probe(undefined);
    el.type({ name: 'Nowhere' });
    await el.saver.save();
    expect(el.saver.state).to.deep.equal({ status: 'failed', error: undefined });
    expect(el.saver.values.name).to.equal('Nowhere');
  });

  it('dismisses an edit that changes nothing instead of writing', async () => {
    const adapter = spy(makeAdapter());
    const el = await probe(adapter, ACME);
    await el.saver.save();
    expect(el.unchanged).to.equal(1);
    expect(adapter.calls.updateCompany).to.equal(undefined);
  });

  it('sends only the changed fields with the version editing started from', async () => {
    const adapter = spy(makeAdapter());
    const el = await probe(adapter, ACME);
    const intent = oneEvent(el, 'company-save');
    el.type({ name: 'Acme S.A.' });
    void el.saver.save();
    expect((await intent).detail).to.deep.equal({
      mode: 'update',
      companyId: ACME.id,
      expectedVersion: ACME.version,
      values: { name: 'Acme S.A.' },
    });
    await waitFor(() => el.saver.base?.version === ACME.version + 1);
    expect(el.saver.values.name).to.equal('Acme S.A.');
  });

  describe('conflict', () => {
    async function conflicted() {
      const base = makeAdapter();
      const adapter = spy(base);
      const el = await probe(adapter, ACME);
      await base.updateCompany(ACME.id, { name: 'Acme (from CRM)' }, { expectedVersion: 1 });
      const errors: string[] = [];
      el.addEventListener('contacts-error', e =>
        errors.push((e as ContactsErrorEvent).detail.operation),
      );
      el.type({ name: 'Acme Agent' });
      await el.saver.save();
      return { el, adapter, errors };
    }

    it('keeps every typed value and focuses the message', async () => {
      const { el, errors } = await conflicted();
      expect(el.saver.state).to.deep.equal({ status: 'conflict' });
      expect(el.saver.values.name).to.equal('Acme Agent');
      expect(errors).to.deep.equal(['update-company']);
      expect(el.focused).to.deep.equal(['problem']);
    });

    it('overwrites with the agent\u2019s values against the latest version', async () => {
      const { el, adapter } = await conflicted();
      const saved = oneEvent(el, 'company-saved');
      const overwrite = el.saver.overwrite();
      expect(el.saver.state).to.deep.equal({
        status: 'refreshing',
        showing: { status: 'conflict' },
      });
      expect(el.saver.problem, 'the conflict stays on screen meanwhile').to.deep.equal({
        status: 'conflict',
      });
      await overwrite;
      const { company } = (await saved).detail;
      expect(company.name).to.equal('Acme Agent');
      expect(adapter.calls.updateCompany!.at(-1)![2]).to.include({ expectedVersion: 2 });
      expect(el.saver.state.status).to.equal('idle');
    });

    it('reloads the latest version, dropping the edits', async () => {
      const { el } = await conflicted();
      await el.saver.reload();
      expect(el.saver.state.status).to.equal('idle');
      expect(el.saver.values.name).to.equal('Acme (from CRM)');
      expect(el.saver.base?.version).to.equal(2);
      expect(el.focused.at(-1)).to.equal('name');
    });

    it('reports a failed read and keeps the values', async () => {
      const { el, adapter, errors } = await conflicted();
      adapter.failNext('getCompany');
      await el.saver.overwrite();
      expect(el.saver.state.status).to.equal('failed');
      expect(errors.at(-1)).to.equal('get-company');
      expect(el.saver.values.name).to.equal('Acme Agent');
    });
  });

  describe('following the record', () => {
    it('follows a newer version while untouched', async () => {
      const el = await probe(spy(makeAdapter()), ACME);
      el.company = { ...ACME, name: 'Pushed', version: 2 };
      await el.updateComplete;
      expect(el.saver.values.name).to.equal('Pushed');
      expect(el.saver.base?.version).to.equal(2);
    });

    it('keeps typed edits, and the version they started from, when a newer version arrives', async () => {
      const el = await probe(spy(makeAdapter()), ACME);
      el.type({ name: 'Typed' });
      el.company = { ...ACME, name: 'Pushed', version: 2 };
      await el.updateComplete;
      expect(el.saver.values.name).to.equal('Typed');
      expect(el.saver.base?.version).to.equal(ACME.version);
    });

    it('starts over for another record', async () => {
      const el = await probe(spy(makeAdapter()), ACME);
      el.type({ name: 'Typed' });
      el.company = { ...ACME, id: 'co_other', name: 'Other' };
      await el.updateComplete;
      expect(el.saver.values.name).to.equal('Other');
    });
  });
});
