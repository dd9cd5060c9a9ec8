import { expect } from '@open-wc/testing';

import { isPossibleDuplicate } from '../../src/model/matching.js';
import type { Contact } from '../../src/model/types.js';

function contact(id: string, fields: Partial<Contact>): Contact {
  return {
    id,
    name: '',
    nameSource: 'agent',
    identities: [],
    pendingActions: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
    ...fields,
  };
}

describe('isPossibleDuplicate', () => {
  const ana = contact('a', { name: 'Ana Souza', email: 'ana@acme.com', phone: '+5511987654321' });

  it('needs the same folded name', () => {
    const other = contact('b', { name: 'ANA  souzá', email: 'ana.s@acme.com' });
    expect(isPossibleDuplicate(ana, other)).to.be.true;
    expect(isPossibleDuplicate(ana, { ...other, name: 'Ana Silva' })).to.be.false;
  });

  it('never matches a contact with itself, or two empty names', () => {
    expect(isPossibleDuplicate(ana, ana)).to.be.false;
    const a = contact('x', { name: ' ', email: 'x@acme.com' });
    const b = contact('y', { name: '', email: 'y@acme.com' });
    expect(isPossibleDuplicate(a, b)).to.be.false;
  });

  it('matches the same last four phone digits', () => {
    const other = contact('b', { name: 'Ana Souza', phone: '+351912654321' });
    expect(isPossibleDuplicate(ana, other)).to.be.true;
    expect(isPossibleDuplicate(ana, { ...other, phone: '+351912654320' })).to.be.false;
  });

  it('matches a company domain, not a free-mail one', () => {
    const work = contact('b', { name: 'Ana Souza', email: 'asouza@acme.com' });
    expect(isPossibleDuplicate(ana, work)).to.be.true;
    const a = contact('c', { name: 'Ana Souza', email: 'ana1@gmail.com' });
    const b = contact('d', { name: 'Ana Souza', email: 'ana2@gmail.com' });
    expect(isPossibleDuplicate(a, b)).to.be.false;
  });

  it('matches the same email local part at another provider', () => {
    const a = contact('c', { name: 'Ana Souza', email: 'ana.souza@gmail.com' });
    const b = contact('d', { name: 'Ana Souza', email: 'ana.souza@outlook.com' });
    expect(isPossibleDuplicate(a, b)).to.be.true;
  });

  it('is not enough to share a name', () => {
    const a = contact('c', { name: 'Ana Souza' });
    const b = contact('d', { name: 'Ana Souza', email: 'ana@acme.com' });
    expect(isPossibleDuplicate(a, b)).to.be.false;
  });
});
