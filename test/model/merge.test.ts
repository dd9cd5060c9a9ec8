import { expect } from '@open-wc/testing';

import { mergedContact, mergeSide, unmergedContact } from '../../src/model/records.js';
import type { ChannelIdentity, Contact } from '../../src/model/types.js';

const AT = '2026-05-01T10:00:00.000Z';
const LATER = '2026-05-02T10:00:00.000Z';

let ids = 0;
const newId = (prefix: string) => `${prefix}_${++ids}`;

function contact(id: string, extra: Partial<Contact> = {}): Contact {
  return {
    id,
    name: id,
    nameSource: 'agent',
    identities: [],
    pendingActions: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 3,
    ...extra,
  };
}

const identity = (channel: string, address: string, lastSeenAt?: string): ChannelIdentity => ({
  channel,
  address,
  ...(lastSeenAt ? { lastSeenAt } : {}),
});

const keys = (c: Contact) => c.identities.map(i => `${i.channel}:${i.address}`).sort();

describe('mergeSide', () => {
  const primary = contact('p', { email: 'p@example.com' });
  const secondary = contact('s', { email: 's@example.com', phone: '+5511987654321' });

  it('takes the chosen side, whatever the values', () => {
    expect(mergeSide('email', primary, secondary, { email: 'secondary' })).to.equal('secondary');
    expect(mergeSide('phone', primary, secondary, { phone: 'primary' })).to.equal('primary');
  });

  it('without a choice, keeps the primary unless only the secondary has a value', () => {
    expect(mergeSide('email', primary, secondary, {})).to.equal('primary');
    expect(mergeSide('phone', primary, secondary, {})).to.equal('secondary');
    expect(mergeSide('companyId', primary, secondary, {})).to.equal('primary');
  });
});

describe('mergedContact', () => {
  it('is the primary with the chosen values, the name with its source, and leaves both inputs alone', () => {
    const primary = contact('p', { name: 'Ana', email: 'p@example.com', companyId: 'co_1' });
    const secondary = contact('s', {
      name: 'Ana S.',
      nameSource: 'channel',
      phone: '+5511987654321',
      version: 9,
    });
    const copies = structuredClone([primary, secondary]);
    const merged = mergedContact(
      primary,
      secondary,
      { name: 'secondary', companyId: 'secondary' },
      AT,
      newId,
    );
    expect([merged.id, merged.version, merged.createdAt]).to.deep.equal([
      'p',
      3,
      primary.createdAt,
    ]);
    expect([merged.name, merged.nameSource]).to.deep.equal(['Ana S.', 'channel']);
    expect(merged.email).to.equal('p@example.com');
    expect(merged.phone).to.equal('+5511987654321');
    expect('companyId' in merged, 'a chosen side without a value leaves the field empty').to.be
      .false;
    expect([primary, secondary]).to.deep.equal(copies);
  });

  it('keeps each identity once, with its latest sighting, and the later activity', () => {
    const shared = identity('whatsapp', '+5511987654321', AT);
    const primary = contact('p', {
      phone: '+5511987654321',
      identities: [shared, identity('email', 'p@example.com', AT)],
      lastActivityAt: AT,
    });
    const secondary = contact('s', {
      identities: [
        { ...identity('whatsapp', '+5511987654321', LATER), displayName: 'Zé' },
        identity('webchat', 'visitor-1'),
      ],
      lastActivityAt: LATER,
    });
    const merged = mergedContact(primary, secondary, {}, AT, newId);
    expect(keys(merged)).to.deep.equal([
      'email:p@example.com',
      'webchat:visitor-1',
      'whatsapp:+5511987654321',
    ]);
    const whatsapp = merged.identities.find(i => i.channel === 'whatsapp')!;
    expect([whatsapp.lastSeenAt, whatsapp.displayName]).to.deep.equal([LATER, 'Zé']);
    expect(merged.lastActivityAt).to.equal(LATER);
    expect(primary.identities[0]!.lastSeenAt, 'the primary is not changed').to.equal(AT);
  });

  it('drops "add contact info" once the merged contact has an email or phone, and adds it when neither has', () => {
    const pending = { id: 'pa_1', type: 'add-contact-info' as const, createdAt: AT };
    const visitor = contact('p', { pendingActions: [pending] });
    const known = contact('s', { email: 's@example.com' });
    expect(mergedContact(visitor, known, {}, AT, newId).pendingActions).to.deep.equal([]);
    // The agent keeps the visitor's empty email: the merged contact still lacks contact info.
    const emptyChoice = mergedContact(visitor, known, { email: 'primary' }, AT, newId);
    expect(emptyChoice.email).to.equal(undefined);
    expect(emptyChoice.pendingActions).to.deep.equal([pending]);
    const neither = mergedContact(contact('a'), contact('b'), {}, AT, newId);
    expect(neither.pendingActions.map(a => a.type)).to.deep.equal(['add-contact-info']);
  });
});

describe('unmergedContact', () => {
  const before = contact('p', {
    name: 'Ana',
    phone: '+5511987654321',
    identities: [identity('whatsapp', '+5511987654321', AT)],
    lastActivityAt: AT,
  });
  const secondary = contact('s', {
    name: 'Visitor',
    nameSource: 'channel',
    email: 's@example.com',
    identities: [identity('webchat', 'visitor-1', LATER)],
    lastActivityAt: LATER,
  });
  const merged = {
    ...mergedContact(before, secondary, { name: 'secondary' }, AT, newId),
    version: 4,
  };

  it('gives back every value the merge brought while the survivor still holds it', () => {
    const back = unmergedContact(merged, before, merged, LATER, newId);
    expect([back.name, back.nameSource]).to.deep.equal(['Ana', 'agent']);
    expect(back.email).to.equal(undefined);
    expect(back.phone).to.equal(before.phone);
    expect(keys(back)).to.deep.equal(keys(before));
    expect(back.lastActivityAt).to.equal(AT);
    expect(back.pendingActions).to.deep.equal([]);
    expect(back.version, 'the store moves the version on').to.equal(4);
  });

  it('keeps what was edited since the merge, and identities seen since on other channels', () => {
    const edited: Contact = {
      ...structuredClone(merged),
      name: 'Ana Maria',
      nameSource: 'agent',
      email: 'ana.maria@example.com',
      lastActivityAt: '2026-05-03T00:00:00.000Z',
      identities: [...structuredClone(merged.identities), identity('telegram', 'tg-1')],
      version: 6,
    };
    const back = unmergedContact(edited, before, merged, LATER, newId);
    expect([back.name, back.nameSource]).to.deep.equal(['Ana Maria', 'agent']);
    expect(back.email).to.equal('ana.maria@example.com');
    expect(back.lastActivityAt).to.equal('2026-05-03T00:00:00.000Z');
    expect(keys(back)).to.deep.equal(['telegram:tg-1', 'whatsapp:+5511987654321']);
  });

  it('keeps a name whose source changed since, even with the same text', () => {
    const resourced: Contact = { ...structuredClone(merged), nameSource: 'agent' };
    expect(unmergedContact(resourced, before, merged, LATER, newId).name).to.equal('Visitor');
  });

  it('derives the pending action again when the survivor is left without contact info', () => {
    const bare = contact('p', { identities: [identity('webchat', 'visitor-9')] });
    const result = mergedContact(bare, secondary, {}, AT, newId);
    expect(result.pendingActions).to.deep.equal([]);
    const back = unmergedContact(result, bare, result, LATER, newId);
    expect(back.email).to.equal(undefined);
    expect(back.pendingActions.map(a => a.type)).to.deep.equal(['add-contact-info']);
  });
});
