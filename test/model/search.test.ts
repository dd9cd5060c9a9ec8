import { expect } from '@open-wc/testing';

import { contactHaystack, fold, matches, narrows, parseSearch } from '../../src/model/search.js';

const jose = contactHaystack({
  name: 'José da Silva',
  email: 'jose@exemplo.com.br',
  phone: '+5511987654321',
});

describe('search folding', () => {
  it('ignores case and accents', () => {
    expect(fold('JOSÉ Ñandú Çà')).to.equal('jose nandu ca');
    expect(matches(jose, parseSearch('jose'))).to.be.true;
    expect(matches(jose, parseSearch('SILVA josé'))).to.be.true;
  });

  it('matches phone digits however the query is punctuated', () => {
    expect(matches(jose, parseSearch('98765'))).to.be.true;
    expect(matches(jose, parseSearch('(11) 98765-4321'))).to.be.true;
    expect(matches(jose, parseSearch('+55 11 98765'))).to.be.true;
    expect(matches(jose, parseSearch('12345'))).to.be.false;
  });

  it('matches email substrings', () => {
    expect(matches(jose, parseSearch('exemplo.com'))).to.be.true;
  });

  it('requires every word', () => {
    expect(matches(jose, parseSearch('jose souza'))).to.be.false;
  });

  it('does not match across fields', () => {
    expect(matches(jose, parseSearch('silva jose@'))).to.be.true;
    expect(matches(jose, parseSearch('silvajose'))).to.be.false;
  });

  it('knows when a longer query narrows a shorter one', () => {
    expect(narrows(parseSearch('jo'), parseSearch('jos'))).to.be.true;
    expect(narrows(parseSearch('jo'), parseSearch('silva jo'))).to.be.true;
    expect(narrows(parseSearch('jos'), parseSearch('jo'))).to.be.false;
  });
});
