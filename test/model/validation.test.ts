import { expect } from '@open-wc/testing';

import { normalizeDomain } from '../../src/model/domain.js';
import { isValidEmail, normalizeEmail } from '../../src/model/email.js';
import { formatPhone, loadPhoneLibrary, parsePhone } from '../../src/model/phone.js';
import {
  validateCompanyDraft,
  validateContactDraft,
  validateContactPatch,
} from '../../src/model/validation.js';

/** Cases run through our rule and the browser's own `<input type=email>`; the two must agree. */
const EMAIL_CASES = [
  'ana@example.com',
  'Ana.Souza+tag@Example.COM.br',
  '  padded@example.com  ',
  'a@b',
  'a@b.c',
  "o'connor@example.ie",
  'weird!#$%&*+/=?^_`{|}~-@example.com',
  'user@sub-domain.example.co.uk',
  'user@123.123.123.123',
  'plain',
  '@example.com',
  'user@',
  'user@@example.com',
  'two words@example.com',
  'user@exa mple.com',
  'user@-example.com',
  'user@example-.com',
  'user@example..com',
  'user@.example.com',
  '"quoted"@example.com',
  'user@[127.0.0.1]',
  'jos\u00e9@example.com',
  'user@ex\u00e4mple.com',
  'a@' + 'b'.repeat(63) + '.com',
  'a@' + 'b'.repeat(64) + '.com',
  'user@example.com.',
  '',
  ' ',
  'user\n@example.com',
  'user@example.com,other@example.com',
];

function browserAccepts(value: string): boolean {
  const input = document.createElement('input');
  input.type = 'email';
  input.required = true;
  input.value = value;
  return input.checkValidity();
}

describe('email validation', () => {
  for (const value of EMAIL_CASES) {
    it(`agrees with <input type=email> on ${JSON.stringify(value.slice(0, 40))}`, () => {
      expect(isValidEmail(value), 'our rule').to.equal(browserAccepts(value));
    });
  }

  it('normalises to trimmed lower case', () => {
    expect(normalizeEmail('  Ana.Souza@Example.COM ')).to.equal('ana.souza@example.com');
    expect(normalizeEmail('not an email')).to.equal(undefined);
  });
});

describe('phone parsing', () => {
  const cases: [string, string, string | null][] = [
    ['(11) 98765-4321', 'BR', '+5511987654321'],
    ['11 98765 4321', 'BR', '+5511987654321'],
    ['+55 11 98765-4321', 'US', '+5511987654321'],
    ['0055 11 98765 4321', 'US', '+5511987654321'],
    ['(212) 555-0123', 'US', '+12125550123'],
    ['+44 7700 900123', 'BR', '+447700900123'],
    ['07700 900123', 'GB', '+447700900123'],
    ['+49 151 23456789', 'BR', '+4915123456789'],
    ['+91 98765 43210', 'BR', '+919876543210'],
    ['123', 'BR', null],
    ['call me maybe', 'BR', null],
    ['', 'BR', null],
  ];
  for (const [raw, country, expected] of cases) {
    it(`parses ${JSON.stringify(raw)} with default ${country}`, async () => {
      const result = await parsePhone(raw, country as 'BR');
      if (expected) expect(result).to.deep.include({ ok: true, e164: expected });
      else expect(result).to.deep.equal({ ok: false, raw });
    });
  }

  it('is stable through a round trip: E.164 -> display -> E.164', async () => {
    await loadPhoneLibrary();
    for (const e164 of ['+5511987654321', '+12125550123', '+447700900123']) {
      for (const locale of ['pt-BR', 'en-US', 'en-GB', 'es']) {
        const shown = formatPhone(e164, locale);
        const country = locale === 'pt-BR' ? 'BR' : locale === 'en-GB' ? 'GB' : 'US';
        expect(await parsePhone(shown, country), `${e164} shown as ${shown}`).to.deep.include({
          ok: true,
          e164,
        });
      }
    }
  });

  it('formats in the national style for the locale region, international otherwise', async () => {
    await loadPhoneLibrary();
    expect(formatPhone('+5511987654321', 'pt-BR')).to.equal('(11) 98765-4321');
    expect(formatPhone('+5511987654321', 'en-US')).to.equal('+55 11 98765 4321');
  });
});

describe('domains', () => {
  it('keeps only the host name', () => {
    expect(normalizeDomain('https://www.Acme.com.br/about')).to.equal('acme.com.br');
    expect(normalizeDomain('acme.io')).to.equal('acme.io');
    expect(normalizeDomain('localhost')).to.equal(undefined);
    expect(normalizeDomain('bad domain.com')).to.equal(undefined);
    expect(normalizeDomain('javascript:alert(1)')).to.equal(undefined);
  });
});

describe('contact validation', () => {
  it('refuses a contact with neither email nor phone', async () => {
    const result = await validateContactDraft({ name: 'Ana' });
    expect(result).to.deep.equal({ ok: false, errors: { form: 'contact-info-required' } });
  });

  it('reports each malformed field', async () => {
    const result = await validateContactDraft({ email: 'nope', phone: '12' });
    expect(result).to.deep.equal({
      ok: false,
      errors: { email: 'invalid-email', phone: 'invalid-phone' },
    });
  });

  it('normalises a valid contact with the configured default country', async () => {
    const br = await validateContactDraft({ name: ' José ', phone: '(11) 98765-4321' });
    expect(br).to.deep.equal({ ok: true, value: { name: 'José', phone: '+5511987654321' } });
    const us = await validateContactDraft({ phone: '(212) 555-0123' }, { defaultCountry: 'US' });
    expect(us).to.deep.equal({ ok: true, value: { phone: '+12125550123' } });
  });

  it('refuses an update that would clear both email and phone', async () => {
    const result = await validateContactPatch({ email: null }, { email: 'a@b.co' });
    expect(result).to.deep.equal({ ok: false, errors: { form: 'contact-info-required' } });
  });

  it('accepts an update that adds an email to a contact that had none', async () => {
    const result = await validateContactPatch({ email: 'New@Example.com' }, {});
    expect(result).to.deep.equal({ ok: true, value: { email: 'new@example.com' } });
  });

  it('requires a company name and checks its domain', () => {
    expect(validateCompanyDraft({ domain: 'x' })).to.deep.equal({
      ok: false,
      errors: { name: 'name-required', domain: 'invalid-domain' },
    });
    expect(validateCompanyDraft({ name: 'Acme', domain: 'www.acme.com' })).to.deep.equal({
      ok: true,
      value: { name: 'Acme', domain: 'acme.com' },
    });
  });
});
