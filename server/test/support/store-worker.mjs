/**
 * A second server process for the cross-process tests: a PgStore on the PostgreSQL named by
 * argv[2], driven over IPC. Each message `{ seq, op, ... }` gets `{ seq, ok, value | error }`;
 * a `changes` subscription sends `{ change }` messages as changes arrive.
 */
import { loadStoreBundle } from './build.mjs';

// `node --test server/test/` runs every file under test/, this one too: alone, it does nothing.
if (typeof process.send !== 'function') process.exit(0);

const { createPgStore } = await loadStoreBundle();
const store = await createPgStore({ connectionString: process.argv[2], poolSize: 25 });

const ops = {
  resolve: ({ account, arrival }) => store.forAccount(account).resolveConversation(arrival),
  create: ({ account, draft, key }) =>
    store.forAccount(account).createContact(draft, { idempotencyKey: key }),
  update: ({ account, id, patch, version }) =>
    store.forAccount(account).updateContact(id, patch, { expectedVersion: version }),
  get: ({ account, id }) => store.forAccount(account).getContact(id),
  merge: ({ account, primaryId, secondaryId, choices, key, versions }) =>
    store.forAccount(account).mergeContacts(primaryId, secondaryId, choices ?? {}, {
      idempotencyKey: key,
      expectedVersions: versions,
    }),
  restore: ({ account, token }) => store.forAccount(account).restore(token),
  deleteCompany: ({ account, id, version }) =>
    store.forAccount(account).deleteCompany(id, { expectedVersion: version }),
  changes: async ({ account, afterId }) => {
    await store.changes(account, afterId, change => process.send({ change }));
    return true;
  },
};

process.on('message', async message => {
  try {
    const value = await ops[message.op](message);
    process.send({ seq: message.seq, ok: true, value });
  } catch (error) {
    process.send({
      seq: message.seq,
      ok: false,
      error: {
        name: error.name,
        code: error.code,
        existingId: error.existingId,
        field: error.field,
        currentVersion: error.currentVersion,
        mergedInto: error.mergedInto,
        message: error.message,
      },
    });
  }
});
process.on('disconnect', () => void store.close().finally(() => process.exit(0)));
process.send({ ready: true });
