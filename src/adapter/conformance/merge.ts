/**
 * Merge, delete and restore, when an adapter implements them (`mergeContacts`, `deleteContact`,
 * `deleteCompany`, `restore`; an adapter without them reports these tests skipped): a merge keeps
 * every conversation and identity of both contacts and leaves one contact; delete and restore
 * bring records back exactly, keeping edits made meanwhile; each is idempotent under its key or
 * token, refuses stale versions and taken values without writing anything, and pushes its changes.
 */
import type { ChannelIdentity, Contact, MergeChoices } from '../../model/types.js';
import { isContactsError } from '../errors.js';
import type { ContactsAdapter, ContactsChange, MergeResult } from '../types.js';
import { newIdempotencyKey } from '../util.js';
import {
  check,
  checkDate,
  deepEqual,
  equal,
  fail,
  rejectsAsDuplicate,
  rejectsWith,
  showError,
} from './assert.js';
import {
  addCompany,
  addContact,
  countContacts,
  idsIn,
  patchContact,
  PHONE_E164,
  PHONE_FORMATS,
  sortedIds,
  uniqueSuffix,
  walk,
} from './fixtures.js';
import { SKIP, type Suite, type TestBody } from './harness.js';

type Merging = ContactsAdapter &
  Required<Pick<ContactsAdapter, 'mergeContacts' | 'deleteContact' | 'deleteCompany' | 'restore'>>;

const identityKeys = (identities: readonly ChannelIdentity[]) =>
  identities.map(i => `${i.channel.trim().toLowerCase()}:${i.address.trim().toLowerCase()}`).sort();

function merge(
  adapter: Merging,
  primary: Contact,
  secondary: Contact,
  choices: MergeChoices = {},
  idempotencyKey = newIdempotencyKey(),
): Promise<MergeResult> {
  return adapter.mergeContacts(primary.id, secondary.id, choices, {
    idempotencyKey,
    expectedVersions: { primary: primary.version, secondary: secondary.version },
  });
}

/** What `promise` fulfils with; a rejection fails the test, naming `what`. */
async function succeeds<T>(promise: Promise<T>, what: string): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    return fail(`${what}: expected it to succeed, got ${showError(error)}`);
  }
}

/** Checks that contact `id` answers `not-found` naming `into` (none: a plain `not-found`). */
async function gone(
  adapter: ContactsAdapter,
  id: string,
  into: string | undefined,
  what: string,
): Promise<void> {
  const error = await rejectsWith(adapter.getContact(id), 'not-found', what);
  equal(error.mergedInto, into, `mergedInto of ${what}`);
}

const conversationIds = async (adapter: ContactsAdapter, contactId: string) =>
  (await adapter.listConversations(contactId, { limit: 100 })).map(c => c.id).sort();

/**
 * Two contacts of one person: Ana from WhatsApp (her phone, one conversation), and a webchat
 * visitor who gave an email and later wrote on Telegram with it (two identities, two
 * conversations).
 */
async function seedPair(adapter: ContactsAdapter) {
  const suffix = uniqueSuffix();
  const email = `ana.${suffix}@example.com`;
  const conversations = [1, 2, 3].map(n => `cv-${suffix}-${n}`);
  const whatsapp = await adapter.resolveConversation({
    channel: 'whatsapp',
    address: PHONE_FORMATS[0],
    displayName: 'Ana Souza',
    conversationId: conversations[0],
  });
  const webchat = await adapter.resolveConversation({
    channel: 'webchat',
    address: `visitor-${suffix}`,
    displayName: 'Visitor',
    email,
    conversationId: conversations[1],
  });
  const telegram = await adapter.resolveConversation({
    channel: 'telegram',
    address: `tg-${suffix}`,
    email,
    conversationId: conversations[2],
  });
  equal(telegram.contact.id, webchat.contact.id, 'contact of the Telegram arrival with the email');
  return {
    primary: await adapter.getContact(whatsapp.contact.id),
    secondary: await adapter.getContact(webchat.contact.id),
    email,
    suffix,
    conversations,
    webchat: { channel: 'webchat', address: `visitor-${suffix}` },
  };
}

/** Records changes until stopped; `none` when the adapter pushes none. */
function recorder(adapter: ContactsAdapter) {
  const changes: ContactsChange[] = [];
  const stop = adapter.subscribe?.(change => changes.push(change)) ?? (() => undefined);
  return { changes, stop };
}

const isChange =
  (type: ContactsChange['type'], action: string, id: string) => (change: ContactsChange) =>
    change.type === type &&
    (change.type === 'removed'
      ? action === 'removed' && change.id === id
      : change.type === 'contact'
        ? change.action === action && change.contact.id === id
        : change.type === 'company'
          ? change.action === action && change.company.id === id
          : change.action === action && change.conversation.id === id);

export function merges({ describe, test, until }: Suite): void {
  /** A test that only adapters with merge, delete and restore run; the others report it skipped. */
  const mergeTest = (title: string, body: (adapter: Merging) => Promise<void | typeof SKIP>) =>
    test(title, (async adapter =>
      adapter.mergeContacts && adapter.deleteContact && adapter.deleteCompany && adapter.restore
        ? body(adapter as Merging)
        : SKIP) satisfies TestBody);

  describe('merge, delete and restore (when the adapter implements them)', () => {
    mergeTest(
      'a merge leaves one contact with every conversation and identity of both',
      async adapter => {
        const { primary, secondary, email, conversations } = await seedPair(adapter);
        const result = await merge(adapter, primary, secondary);
        equal(result.contact.id, primary.id, 'id of the merged contact (the primary)');
        equal(result.mergedId, secondary.id, 'mergedId (the secondary)');
        equal(result.contact.version, primary.version + 1, 'version of the merged contact');
        check(
          typeof result.restorePoint?.token === 'string' && result.restorePoint.token !== '',
          'a merge returns a restore point with a token',
        );
        checkDate(result.restorePoint.expiresAt, 'restorePoint.expiresAt');
        check(
          Date.parse(result.restorePoint.expiresAt) > Date.now(),
          'a restore point expires in the future',
        );
        deepEqual(
          identityKeys(result.contact.identities),
          identityKeys([...primary.identities, ...secondary.identities]),
          'identities of the merged contact (both contacts’)',
        );
        equal(result.contact.phone, PHONE_E164, 'phone (the primary’s)');
        equal(result.contact.email, email, 'email (the secondary’s: the primary had none)');
        equal(result.contact.name, 'Ana Souza', 'name (the primary’s)');
        deepEqual(
          result.contact.pendingActions.filter(a => a.type === 'add-contact-info'),
          [],
          'pending "add contact info" of a merged contact that has an email and a phone',
        );
        deepEqual(await adapter.getContact(primary.id), result.contact, 'getContact(primary)');
        deepEqual(
          await conversationIds(adapter, primary.id),
          [...conversations].sort(),
          'conversations of the merged contact',
        );
        await gone(adapter, secondary.id, primary.id, 'getContact(secondary) after the merge');
        deepEqual(idsIn(await walk(adapter, 'contact')), [primary.id], 'contacts listed');
        for (const search of ['visitor', email, 'ana']) {
          const found = idsIn(await walk(adapter, 'contact', { search }));
          check(!found.includes(secondary.id), `search ${search} finds the merged-away contact`);
        }
        deepEqual(
          idsIn(await walk(adapter, 'contact', { email })),
          [primary.id],
          'contacts with the secondary’s email',
        );
        if (adapter.positionOf) {
          equal(
            await adapter.positionOf('contact', secondary.id),
            null,
            'positionOf the merged-away contact',
          );
          equal(await adapter.positionOf('contact', primary.id), 0, 'positionOf the merged one');
        }
      },
    );

    mergeTest(
      'each field takes the chosen side’s value, empty when that side has none',
      async adapter => {
        const suffix = uniqueSuffix();
        const acme = await addCompany(adapter, { name: `Acme ${suffix}` });
        const primary = await addContact(adapter, {
          name: 'Ana Souza',
          email: `ana.${suffix}@example.com`,
          companyId: acme.id,
        });
        const secondary = await addContact(adapter, {
          name: 'Ana S.',
          email: `ana.s.${suffix}@example.com`,
          phone: PHONE_FORMATS[1],
          nameSource: 'import',
        });
        const result = await merge(adapter, primary, secondary, {
          name: 'secondary',
          email: 'primary',
          companyId: 'secondary',
        });
        const merged = result.contact;
        equal(merged.name, 'Ana S.', 'name (chosen: secondary)');
        equal(merged.nameSource, 'import', 'nameSource (follows the chosen name)');
        equal(merged.email, primary.email, 'email (chosen: primary)');
        equal(merged.phone, PHONE_E164, 'phone (not chosen: the only one, the secondary’s)');
        equal(merged.companyId, undefined, 'companyId (chosen: the secondary, which has none)');
        deepEqual(await adapter.getContact(primary.id), merged, 'getContact after the merge');
        equal(await countContacts(adapter), 1, 'contacts after the merge');
        equal(await countContacts(adapter, { companyId: acme.id }), 0, 'contacts of the company');
      },
    );

    mergeTest(
      'after a merge no two contacts share an email, a phone or an identity',
      async adapter => {
        const { primary, secondary, email, webchat, suffix } = await seedPair(adapter);
        const other = await addContact(adapter, {
          name: 'Bruno',
          email: `bruno.${suffix}@example.com`,
        });
        await merge(adapter, primary, secondary);
        const contacts = (await walk(adapter, 'contact')) as Contact[];
        deepEqual(sortedIds(contacts), [primary.id, other.id].sort(), 'contacts after the merge');
        const seen = new Map<string, string>();
        for (const contact of contacts) {
          const values = [
            ...(contact.email ? [`email:${contact.email}`] : []),
            ...(contact.phone ? [`phone:${contact.phone}`] : []),
            ...identityKeys(contact.identities).map(key => `identity:${key}`),
          ];
          for (const value of values) {
            const holder = seen.get(value);
            check(!holder, `${value} is held by two contacts: ${holder} and ${contact.id}`);
            seen.set(value, contact.id);
          }
        }
        // And an arrival on any identity, email or phone of either resolves to the merged contact.
        const arrivals = [
          { channel: 'whatsapp', address: PHONE_FORMATS[2] },
          { ...webchat, conversationId: `cv-${suffix}-4` },
          { channel: 'telegram', address: `tg-${suffix}` },
          { channel: 'email', address: email },
        ];
        for (const arrival of arrivals) {
          const resolved = await adapter.resolveConversation(arrival);
          equal(resolved.outcome, 'matched', `outcome of an arrival on ${arrival.channel}`);
          equal(resolved.contact.id, primary.id, `contact of an arrival on ${arrival.channel}`);
        }
        equal(await countContacts(adapter), 2, 'contacts after the arrivals');
        check(
          (await conversationIds(adapter, primary.id)).includes(`cv-${suffix}-4`),
          'the conversation of an arrival on the secondary’s identity belongs to the merged contact',
        );
      },
    );

    mergeTest(
      'a stale expected version is refused with conflict, and nothing is written',
      async adapter => {
        const { primary, secondary, conversations } = await seedPair(adapter);
        const edited = await patchContact(adapter, primary, { name: 'Ana Maria' });
        const stale = await rejectsWith(
          merge(adapter, primary, secondary),
          'conflict',
          'a merge with the primary’s old version',
        );
        equal(stale.currentVersion, edited.version, 'currentVersion of the conflict (primary)');
        const editedSecondary = await patchContact(adapter, secondary, { name: 'Visitor 2' });
        const staleSecondary = await rejectsWith(
          merge(adapter, edited, secondary),
          'conflict',
          'a merge with the secondary’s old version',
        );
        equal(
          staleSecondary.currentVersion,
          editedSecondary.version,
          'currentVersion of the conflict (secondary)',
        );
        deepEqual(await adapter.getContact(primary.id), edited, 'primary after refused merges');
        deepEqual(
          await adapter.getContact(secondary.id),
          editedSecondary,
          'secondary after refused merges',
        );
        deepEqual(
          await conversationIds(adapter, secondary.id),
          conversations.slice(1).sort(),
          'conversations of the secondary after refused merges',
        );
        equal(await countContacts(adapter), 2, 'contacts after refused merges');
      },
    );

    mergeTest(
      'a contact merged with itself is refused; unknown and merged-away ids are not found',
      async adapter => {
        const { primary, secondary } = await seedPair(adapter);
        await rejectsWith(
          adapter.mergeContacts(
            primary.id,
            primary.id,
            {},
            {
              idempotencyKey: newIdempotencyKey(),
              expectedVersions: { primary: primary.version, secondary: primary.version },
            },
          ),
          'validation',
          'a merge of a contact with itself',
        );
        const missing = { ...secondary, id: `${secondary.id}-missing` };
        await rejectsWith(
          merge(adapter, primary, missing),
          'not-found',
          'a merge with an unknown secondary',
        );
        await rejectsWith(
          merge(adapter, missing, primary),
          'not-found',
          'a merge with an unknown primary',
        );
        const first = await merge(adapter, primary, secondary);
        await rejectsWith(
          merge(adapter, first.contact, secondary),
          'not-found',
          'a merge with a merged-away secondary',
        );
        // Merges of merges: a contact merged into one that was merged away names where it went.
        const third = await addContact(adapter, {
          name: 'Ana Terceira',
          email: `third.${uniqueSuffix()}@example.com`,
        });
        const second = await merge(adapter, third, first.contact);
        await gone(
          adapter,
          secondary.id,
          second.contact.id,
          'getContact of a contact merged into one merged away since',
        );
        equal(await countContacts(adapter), 1, 'contacts after two merges');
      },
    );

    mergeTest(
      'a merge repeated with its idempotency key, in turn or overlapping, merges once',
      async adapter => {
        const { primary, secondary } = await seedPair(adapter);
        const key = newIdempotencyKey();
        const [first, second] = await Promise.all([
          merge(adapter, primary, secondary, {}, key),
          merge(adapter, primary, secondary, {}, key),
        ]);
        const third = await merge(adapter, primary, secondary, {}, key);
        for (const [result, how] of [
          [second, 'overlapping'],
          [third, 'repeated'],
        ] as const) {
          equal(
            result.restorePoint.token,
            first.restorePoint.token,
            `restore token of the ${how} merge`,
          );
          equal(result.contact.id, primary.id, `contact of the ${how} merge`);
          equal(result.mergedId, secondary.id, `mergedId of the ${how} merge`);
        }
        equal(
          (await adapter.getContact(primary.id)).version,
          primary.version + 1,
          'version of the merged contact after one merge repeated',
        );
        equal(await countContacts(adapter), 1, 'contacts after the repeated merge');
      },
    );

    mergeTest(
      'restoring a merge brings the secondary back with its identities and conversations',
      async adapter => {
        const { primary, secondary, conversations, webchat, suffix } = await seedPair(adapter);
        const merged = await merge(adapter, primary, secondary);
        const restored = await adapter.restore(merged.restorePoint.token);
        const back = await adapter.getContact(secondary.id);
        deepEqual(
          { ...back, version: secondary.version, updatedAt: secondary.updatedAt },
          secondary,
          'the secondary restored, as it was but for version and updatedAt',
        );
        equal(back.version, secondary.version + 1, 'version of the restored secondary');
        const survivor = await adapter.getContact(primary.id);
        deepEqual(
          identityKeys(survivor.identities),
          identityKeys(primary.identities),
          'identities of the primary after the restore (its own)',
        );
        equal(survivor.email, undefined, 'email of the primary after the restore (it had none)');
        equal(survivor.name, primary.name, 'name of the primary after the restore');
        deepEqual(
          await conversationIds(adapter, secondary.id),
          conversations.slice(1).sort(),
          'conversations of the restored secondary',
        );
        deepEqual(
          await conversationIds(adapter, primary.id),
          [conversations[0]],
          'conversations of the primary after the restore',
        );
        deepEqual(
          sortedIds(restored.contacts),
          [primary.id, secondary.id].sort(),
          'contacts the restore returned',
        );
        deepEqual(
          restored.contacts.find(c => c.id === secondary.id),
          back,
          'the restored secondary as returned',
        );
        equal(await countContacts(adapter), 2, 'contacts after the restore');
        const arrival = await adapter.resolveConversation({
          ...webchat,
          conversationId: `cv-${suffix}-9`,
        });
        equal(arrival.contact.id, secondary.id, 'contact of an arrival on the restored identity');
      },
    );

    mergeTest('restoring a merge keeps the edits made to the survivor since', async adapter => {
      const { primary, secondary, email } = await seedPair(adapter);
      const merged = await merge(adapter, primary, secondary, { name: 'secondary' });
      equal(merged.contact.name, 'Visitor', 'name of the merged contact (chosen: secondary)');
      // The agent renames the merged contact and gives it a company; the email stays as merged.
      const company = await addCompany(adapter, { name: `Acme ${uniqueSuffix()}` });
      const edited = await patchContact(adapter, merged.contact, {
        name: 'Ana Maria Souza',
        companyId: company.id,
      });
      await adapter.restore(merged.restorePoint.token);
      const survivor = await adapter.getContact(primary.id);
      equal(survivor.name, 'Ana Maria Souza', 'name edited after the merge (kept)');
      equal(survivor.companyId, company.id, 'company set after the merge (kept)');
      equal(survivor.email, undefined, 'email the merge brought, unchanged since (given back)');
      equal(survivor.phone, PHONE_E164, 'phone of the primary');
      check(survivor.version > edited.version, 'the survivor moves to a new version');
      equal(
        (await adapter.getContact(secondary.id)).email,
        email,
        'email of the restored secondary',
      );
    });

    mergeTest(
      'undoing a merge whose survivor was merged again brings the secondary back from the later survivor',
      async adapter => {
        const { primary, secondary, conversations } = await seedPair(adapter);
        const first = await merge(adapter, primary, secondary);
        const suffix = uniqueSuffix();
        const third = await addContact(adapter, {
          name: `Ana Third ${suffix}`,
          email: `third.${suffix}@example.com`,
        });
        await merge(adapter, third, first.contact, { email: 'primary' });
        const restored = await adapter.restore(first.restorePoint.token);
        deepEqual(
          sortedIds(restored.contacts),
          sortedIds([secondary, third]),
          'contacts the undo of the first merge answered',
        );
        equal((await adapter.getContact(secondary.id)).email, secondary.email, 'secondary email');
        deepEqual(
          await conversationIds(adapter, secondary.id),
          conversations.slice(1).sort(),
          'conversations of the secondary, back from the later survivor',
        );
        await gone(adapter, primary.id, third.id, 'the primary, still merged by the later merge');
        equal((await adapter.getContact(third.id)).email, third.email, 'email of the survivor');
        equal(await countContacts(adapter), 2, 'contacts once the first merge is undone');
      },
    );

    mergeTest('restore is idempotent; an unknown token is not found', async adapter => {
      const { primary, secondary } = await seedPair(adapter);
      const merged = await merge(adapter, primary, secondary);
      const first = await adapter.restore(merged.restorePoint.token);
      const second = await succeeds(
        adapter.restore(merged.restorePoint.token),
        'a second restore of one token',
      );
      deepEqual(
        sortedIds(second.contacts),
        sortedIds(first.contacts),
        'contacts of a second restore',
      );
      for (const contact of first.contacts) {
        deepEqual(
          await adapter.getContact(contact.id),
          contact,
          `contact ${contact.id} after a second restore`,
        );
        deepEqual(
          second.contacts.find(c => c.id === contact.id),
          contact,
          'record of a second restore',
        );
      }
      equal(await countContacts(adapter), 2, 'contacts after two restores');
      // Asked again after an edit, a restore answers with the records as they are now.
      const back = first.contacts.find(c => c.id === secondary.id);
      check(back !== undefined, 'a restore of a merge answers with the secondary');
      const edited = await patchContact(adapter, back!, { name: 'Edited after restore' });
      const third = await succeeds(
        adapter.restore(merged.restorePoint.token),
        'a restore asked again after an edit',
      );
      deepEqual(
        third.contacts.find(c => c.id === secondary.id),
        edited,
        'record of a restore asked again after an edit (as it is now)',
      );
      await rejectsWith(
        adapter.restore(`${merged.restorePoint.token}-unknown`),
        'not-found',
        'restore of an unknown token',
      );
    });

    mergeTest(
      'a restore whose values were taken meanwhile is refused with duplicate, and nothing changes',
      async adapter => {
        const { primary, secondary, email } = await seedPair(adapter);
        // The primary's email is kept; the secondary's leaves with it, and someone else takes it.
        const withEmail = await patchContact(adapter, primary, {
          email: `ana.main.${uniqueSuffix()}@example.com`,
        });
        const merged = await merge(adapter, withEmail, secondary, { email: 'primary' });
        const taker = await addContact(adapter, { name: 'Someone else', email });
        const before = await adapter.getContact(primary.id);
        await rejectsAsDuplicate(
          adapter.restore(merged.restorePoint.token),
          taker.id,
          'email',
          'restore of a merge whose email was taken',
        );
        deepEqual(
          await adapter.getContact(primary.id),
          before,
          'the survivor after the refused restore',
        );
        const gone = await rejectsWith(
          adapter.getContact(secondary.id),
          'not-found',
          'the secondary after the refused restore',
        );
        equal(gone.mergedInto, primary.id, 'mergedInto after the refused restore');
        equal(await countContacts(adapter), 2, 'contacts after the refused restore');
        // Once the value is free again, the same token restores.
        await patchContact(adapter, taker, {
          email: null,
          phone: PHONE_FORMATS[3].replace('98765', '91234'),
        });
        await adapter.restore(merged.restorePoint.token);
        equal(
          (await adapter.getContact(secondary.id)).email,
          email,
          'email of the secondary restored later',
        );
      },
    );

    mergeTest(
      "a restore refused on both contacts' values names the survivor's conflict",
      async adapter => {
        const suffix = uniqueSuffix();
        const email = `ana.${suffix}@example.com`;
        const phone = PHONE_FORMATS[3];
        const primary = await addContact(adapter, {
          name: `Ana ${suffix}`,
          email,
          phone: PHONE_FORMATS[3].replace('98765', '91234'),
        });
        const secondary = await addContact(adapter, { name: `Visitor ${suffix}`, phone });
        // The survivor takes the secondary's email (none) and keeps its own phone: both the
        // survivor's email and the secondary's phone leave with the merge.
        const merged = await merge(adapter, primary, secondary, { email: 'secondary' });
        const taker = await addContact(adapter, { name: 'Someone else', email });
        await patchContact(adapter, merged.contact, { phone });
        // Undone, the survivor wants its email back (the taker's now) and the secondary its
        // phone (the survivor's now, by an edit that stays): the survivor's conflict is named.
        await rejectsAsDuplicate(
          adapter.restore(merged.restorePoint.token),
          taker.id,
          'email',
          'restore of a merge whose values both contacts lost',
        );
      },
    );

    mergeTest(
      'a deleted contact leaves with its conversations, and a restore brings both back',
      async adapter => {
        const { primary, secondary, conversations, webchat, suffix } = await seedPair(adapter);
        await rejectsWith(
          adapter.deleteContact(secondary.id, { expectedVersion: secondary.version - 1 }),
          'conflict',
          'a delete with an old version',
        );
        const key = newIdempotencyKey();
        const deleted = await adapter.deleteContact(secondary.id, {
          expectedVersion: secondary.version,
          idempotencyKey: key,
        });
        equal(deleted.id, secondary.id, 'id of the delete result');
        const again = await adapter.deleteContact(secondary.id, {
          expectedVersion: secondary.version,
          idempotencyKey: key,
        });
        equal(
          again.restorePoint.token,
          deleted.restorePoint.token,
          'restore token of a repeated delete',
        );
        await gone(adapter, secondary.id, undefined, 'getContact of a deleted contact');
        await rejectsWith(
          adapter.deleteContact(secondary.id, { expectedVersion: secondary.version }),
          'not-found',
          'a second delete without its key',
        );
        await rejectsWith(
          merge(adapter, primary, secondary),
          'not-found',
          'a merge with a deleted secondary',
        );
        equal(await countContacts(adapter), 1, 'contacts after the delete');
        equal(
          await countContacts(adapter, { email: secondary.email! }),
          0,
          'contacts with the deleted email',
        );
        const restored = await adapter.restore(deleted.restorePoint.token);
        const back = await adapter.getContact(secondary.id);
        deepEqual(restored.contacts, [back], 'contacts the restore returned');
        deepEqual(
          { ...back, version: secondary.version, updatedAt: secondary.updatedAt },
          secondary,
          'the restored contact, as it was but for version and updatedAt',
        );
        equal(back.version, secondary.version + 1, 'version of the restored contact');
        deepEqual(
          await conversationIds(adapter, secondary.id),
          conversations.slice(1).sort(),
          'conversations of the restored contact',
        );
        const arrival = await adapter.resolveConversation({
          ...webchat,
          conversationId: `cv-${suffix}-9`,
        });
        equal(arrival.contact.id, secondary.id, 'contact of an arrival on the restored identity');
      },
    );

    mergeTest(
      'a conversation recorded again under another contact after a delete stays there when the delete is undone',
      async adapter => {
        const { secondary, conversations, suffix } = await seedPair(adapter);
        const deleted = await adapter.deleteContact(secondary.id, {
          expectedVersion: secondary.version,
        });
        const arrival = await adapter.resolveConversation({
          channel: 'webchat',
          address: `other-${suffix}`,
          conversationId: conversations[1],
        });
        check(arrival.contact.id !== secondary.id, 'the arrival makes a new contact');
        await succeeds(
          adapter.restore(deleted.restorePoint.token),
          'restore of a contact one of whose conversations was recorded again',
        );
        deepEqual(
          await conversationIds(adapter, secondary.id),
          [conversations[2]],
          'conversations of the restored contact',
        );
        deepEqual(
          await conversationIds(adapter, arrival.contact.id),
          [conversations[1]],
          'conversations of the contact that has the conversation now',
        );
      },
    );

    mergeTest(
      'an arrival with an email the merge dropped finds the merged contact, until the merge is undone',
      async adapter => {
        const suffix = uniqueSuffix();
        const kept = `ana.${suffix}@example.com`;
        const dropped = `ana.s.${suffix}@example.com`;
        const primary = await addContact(adapter, { name: `Ana ${suffix}`, email: kept });
        const secondary = await addContact(adapter, { name: `Ana S ${suffix}`, email: dropped });
        const result = await merge(adapter, primary, secondary, { email: 'primary' });
        equal(result.contact.email, kept, 'email of the merged contact (the primary’s)');
        const arrival = await adapter.resolveConversation({
          channel: 'webchat',
          address: `web-${suffix}`,
          email: dropped,
        });
        equal(arrival.contact.id, primary.id, 'contact of an arrival with the dropped email');
        equal(arrival.matchedBy, 'email', 'matchedBy of that arrival');
        await adapter.restore(result.restorePoint.token);
        const later = await adapter.resolveConversation({
          channel: 'webchat',
          address: `web2-${suffix}`,
          email: dropped,
        });
        equal(later.contact.id, secondary.id, 'contact of the same email once the merge is undone');
      },
    );

    mergeTest(
      'an arrival on a deleted contact’s identity makes a new contact, and the restore is then refused',
      async adapter => {
        const { secondary, webchat } = await seedPair(adapter);
        const deleted = await adapter.deleteContact(secondary.id, {
          expectedVersion: secondary.version,
        });
        const arrival = await adapter.resolveConversation({
          ...webchat,
          displayName: 'New visitor',
        });
        equal(arrival.outcome, 'created', 'outcome of an arrival on a deleted contact’s identity');
        check(arrival.contact.id !== secondary.id, 'the arrival makes a new contact');
        const error = await rejectsWith(
          adapter.restore(deleted.restorePoint.token),
          'duplicate',
          'restore of a contact whose identity was taken',
        );
        equal(error.existingId, arrival.contact.id, 'existingId of the refused restore');
        await rejectsWith(
          adapter.getContact(secondary.id),
          'not-found',
          'the deleted contact after the refused restore',
        );
      },
    );

    mergeTest(
      'a deleted company’s contacts stay, unlinked; a restore relinks those still unlinked',
      async adapter => {
        const suffix = uniqueSuffix();
        const acme = await addCompany(adapter, {
          name: `Acme ${suffix}`,
          domain: `acme-${suffix}.example`,
        });
        const globex = await addCompany(adapter, { name: `Globex ${suffix}` });
        const ana = await addContact(adapter, {
          name: 'Ana',
          email: `ana.${suffix}@example.com`,
          companyId: acme.id,
        });
        const bruno = await addContact(adapter, {
          name: 'Bruno',
          email: `bruno.${suffix}@example.com`,
          companyId: acme.id,
        });
        await rejectsWith(
          adapter.deleteCompany(acme.id, { expectedVersion: acme.version + 1 }),
          'conflict',
          'a company delete with another version',
        );
        const deleted = await adapter.deleteCompany(acme.id, { expectedVersion: acme.version });
        equal(deleted.id, acme.id, 'id of the delete result');
        await rejectsWith(
          adapter.getCompany(acme.id),
          'not-found',
          'getCompany of a deleted company',
        );
        deepEqual(idsIn(await walk(adapter, 'company')), [globex.id], 'companies after the delete');
        for (const contact of [ana, bruno]) {
          const now = await succeeds(
            adapter.getContact(contact.id),
            `getContact(${contact.name}) after the company delete`,
          );
          equal(now.companyId, undefined, `company of ${contact.name} after the delete`);
          equal(now.version, contact.version + 1, `version of ${contact.name} after the unlink`);
        }
        equal(await countContacts(adapter), 2, 'contacts after the company delete');
        // Bruno joins another company meanwhile: the restore leaves him there.
        const moved = await patchContact(adapter, await adapter.getContact(bruno.id), {
          companyId: globex.id,
        });
        const restored = await adapter.restore(deleted.restorePoint.token);
        const company = await adapter.getCompany(acme.id);
        deepEqual(
          { ...company, version: acme.version, updatedAt: acme.updatedAt },
          acme,
          'the restored company, as it was but for version and updatedAt',
        );
        equal(company.version, acme.version + 1, 'version of the restored company');
        deepEqual(restored.companies, [company], 'companies the restore returned');
        equal((await adapter.getContact(ana.id)).companyId, acme.id, 'Ana relinked');
        deepEqual(await adapter.getContact(bruno.id), moved, 'Bruno, linked elsewhere meanwhile');
        deepEqual(
          sortedIds(await walk(adapter, 'contact', { companyId: acme.id })),
          [ana.id],
          'contacts of the restored company',
        );
      },
    );

    mergeTest('merge, delete and restore push their changes', async adapter => {
      if (!adapter.subscribe) return SKIP;
      const { primary, secondary, conversations } = await seedPair(adapter);
      const { changes, stop } = recorder(adapter);
      const merged = await merge(adapter, primary, secondary);
      await until(
        'the changes of a merge',
        () =>
          changes.some(isChange('removed', 'removed', secondary.id)) &&
          changes.some(isChange('contact', 'updated', primary.id)) &&
          conversations.slice(1).every(id => changes.some(isChange('conversation', 'updated', id))),
      );
      const removed = changes.find(isChange('removed', 'removed', secondary.id));
      deepEqual(
        removed,
        { type: 'removed', kind: 'contact', id: secondary.id, mergedInto: primary.id },
        'the removed change of a merge',
      );
      const moved = changes.filter(
        (c): c is Extract<ContactsChange, { type: 'conversation' }> =>
          c.type === 'conversation' && conversations.slice(1).includes(c.conversation.id),
      );
      check(
        moved.every(c => c.conversation.contactId === primary.id),
        'moved conversations name the merged contact',
      );
      changes.length = 0;
      await adapter.restore(merged.restorePoint.token);
      await until(
        'the changes of a restore',
        () =>
          changes.some(isChange('contact', 'restored', secondary.id)) &&
          changes.some(isChange('contact', 'updated', primary.id)) &&
          conversations
            .slice(1)
            .every(id => changes.some(isChange('conversation', 'restored', id))),
      );
      changes.length = 0;
      const current = await adapter.getContact(secondary.id);
      await adapter.deleteContact(secondary.id, { expectedVersion: current.version });
      await until('the removed change of a delete', () =>
        changes.some(isChange('removed', 'removed', secondary.id)),
      );
      const company = await addCompany(adapter, { name: `Acme ${uniqueSuffix()}` });
      const linked = await patchContact(adapter, await adapter.getContact(primary.id), {
        companyId: company.id,
      });
      changes.length = 0;
      await adapter.deleteCompany(company.id, { expectedVersion: company.version });
      await until(
        'the changes of a company delete',
        () =>
          changes.some(c => c.type === 'removed' && c.kind === 'company' && c.id === company.id) &&
          changes.some(
            c =>
              c.type === 'contact' &&
              c.action === 'updated' &&
              c.contact.id === linked.id &&
              c.contact.companyId === undefined,
          ),
      );
      stop();
    });

    mergeTest(
      'a merge racing an arrival on the secondary’s identity and edits ends with one contact and nothing lost',
      async adapter => {
        const { primary, secondary, conversations, webchat, suffix } = await seedPair(adapter);
        const arrivalId = `cv-${suffix}-race`;
        const [merged, arrival, primaryEdit, secondaryEdit] = await Promise.allSettled([
          merge(adapter, primary, secondary),
          adapter.resolveConversation({ ...webchat, conversationId: arrivalId }),
          patchContact(adapter, primary, { name: 'Ana Edited' }),
          patchContact(adapter, secondary, { phone: null, email: `edited.${suffix}@example.com` }),
        ]);
        check(
          arrival.status === 'fulfilled',
          `the racing arrival resolves, got ${arrival.status === 'rejected' ? showError(arrival.reason) : ''}`,
        );
        if (merged.status === 'rejected') {
          // The arrival or an edit moved a version first: the agent merges again, as seen now.
          check(
            isContactsError(merged.reason, 'conflict'),
            `a racing merge fails only with conflict, got ${showError(merged.reason)}`,
          );
          await merge(
            adapter,
            await adapter.getContact(primary.id),
            await adapter.getContact(secondary.id),
          );
        }
        equal(await countContacts(adapter), 1, 'contacts after the race');
        const final = await adapter.getContact(primary.id);
        deepEqual(
          await conversationIds(adapter, primary.id),
          [...conversations, arrivalId].sort(),
          'conversations of the merged contact after the race',
        );
        deepEqual(
          identityKeys(final.identities),
          identityKeys([...primary.identities, ...secondary.identities]),
          'identities of the merged contact after the race',
        );
        for (const [edit, which, landed] of [
          [primaryEdit, 'primary', final.name === 'Ana Edited'],
          [secondaryEdit, 'secondary', final.email === `edited.${suffix}@example.com`],
        ] as const) {
          if (edit.status === 'fulfilled') {
            check(landed, `the ${which}'s edit succeeded, so the merged contact shows it`);
          } else {
            check(
              isContactsError(edit.reason, 'conflict') || isContactsError(edit.reason, 'not-found'),
              `a racing edit of the ${which} fails only with conflict or not-found, got ${showError(edit.reason)}`,
            );
            check(!landed, `the ${which}'s edit failed, so the merged contact does not show it`);
          }
        }
      },
    );
  });
}
