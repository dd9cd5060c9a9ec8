import { expect } from '@open-wc/testing';

import { en } from '../../src/i18n/en/index.js';
import { plural } from '../../src/i18n/plural.js';

const forms = { one: 'one', many: 'many', other: 'other' };

describe('plural', () => {
  it('picks each language\u2019s own category through Intl.PluralRules', () => {
    expect(plural('en', 1, forms)).to.equal('one');
    expect(plural('en', 2, forms)).to.equal('other');
    expect(plural('en', 0, forms)).to.equal('other');
    // Portuguese counts 0 and 1 alike; Spanish has a form for whole millions.
    expect(plural('pt-BR', 0, forms)).to.equal('one');
    expect(plural('es', 1_000_000, forms)).to.equal('many');
    expect(plural('en', 1_000_000, forms)).to.equal('other');
  });

  it('falls back to other for a category the forms leave out, and for a malformed tag', () => {
    expect(plural('es', 1_000_000, { one: 'one', other: 'other' })).to.equal('other');
    expect(plural('not a tag!', 1, forms)).to.equal('one');
  });

  it('words the English counts', () => {
    expect(en.panel.contactCount(1, '1')).to.equal('1 contact');
    expect(en.panel.contactCount(1200, '1,200')).to.equal('1,200 contacts');
    expect(en.panel.pendingCount(1, '1')).to.equal('1 contact with pending actions');
    expect(en.form.companiesFound(3, '3')).to.equal('3 companies found');
    expect(en.detail.contactCount(1, '1')).to.equal('1 contact');
  });
});
