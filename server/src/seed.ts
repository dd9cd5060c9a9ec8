/**
 * Seeds an empty account with the demo's generated data (`generateDataset`, the records the
 * in-browser demo shows), through the account's adapter like any client would write: companies
 * with `createCompany`; each contact with `createContact` and then its channel identity and a
 * recent conversation with `resolveConversation` (a contact known only on a channel, which
 * `createContact` refuses, is made by the arrival alone, with its pending action). The server
 * assigns its own ids, so they differ from the in-browser store's.
 */
import type { ContactsAdapter } from 'contacts-elements';
import { generateDataset } from 'contacts-elements/testing.js';

export interface SeedResult {
  /** False when the account already had contacts, and nothing was written. */
  seeded: boolean;
  contacts: number;
  companies: number;
}

/** Writes `contacts` generated contacts (and their companies) when the account has none. */
export async function seedDemoData(
  adapter: ContactsAdapter,
  contacts: number,
): Promise<SeedResult> {
  const existing = await adapter.listContacts({ limit: 1 });
  if (existing.total > 0 || contacts <= 0) return { seeded: false, contacts: 0, companies: 0 };
  const data = generateDataset({ contacts });

  const companyIds = new Map<string, string>();
  for (const company of data.companies) {
    const created = await adapter.createCompany(
      { name: company.name, ...(company.domain ? { domain: company.domain } : {}) },
      { idempotencyKey: `seed-${company.id}` },
    );
    companyIds.set(company.id, created.id);
  }

  const firstConversation = new Map<string, (typeof data.conversations)[number]>();
  for (const conversation of data.conversations) {
    if (!firstConversation.has(conversation.contactId)) {
      firstConversation.set(conversation.contactId, conversation);
    }
  }

  for (const contact of data.contacts) {
    const companyId = contact.companyId ? companyIds.get(contact.companyId) : undefined;
    const identity = contact.identities[0];
    const reachable = contact.email !== undefined || contact.phone !== undefined;
    let id: string | undefined;
    if (reachable) {
      const created = await adapter.createContact(
        {
          name: contact.name,
          nameSource: contact.nameSource,
          ...(contact.email ? { email: contact.email } : {}),
          ...(contact.phone ? { phone: contact.phone } : {}),
          ...(companyId ? { companyId } : {}),
        },
        { idempotencyKey: `seed-${contact.id}` },
      );
      id = created.id;
    }
    if (!identity) continue;
    const conversation = firstConversation.get(contact.id);
    const result = await adapter.resolveConversation({
      channel: identity.channel,
      address: identity.address,
      displayName: identity.displayName ?? contact.name,
      ...(contact.email ? { email: contact.email } : {}),
      ...(contact.phone ? { phone: contact.phone } : {}),
      ...(conversation
        ? { conversationId: conversation.id, preview: conversation.lastMessagePreview }
        : {}),
    });
    if (id === undefined && companyId) {
      await adapter.updateContact(
        result.contact.id,
        { companyId },
        { expectedVersion: result.contact.version },
      );
    }
  }
  return { seeded: true, contacts: data.contacts.length, companies: data.companies.length };
}
