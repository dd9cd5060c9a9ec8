// @ts-check
/**
 * Merge, delete and restore over HTTP, on the memory store: `POST /contacts/{id}/merge`,
 * `DELETE /contacts/{id}`, `DELETE /companies/{id}` and `POST /restore`, their refusals (with
 * nothing written), their idempotency keys, account scoping (another account's ids and restore
 * tokens answer 404 like missing ones) and the `removed` / `restored` changes of `GET /changes`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { openEvents, server as built, start } from './http-helpers.mjs';

/** @type {Awaited<ReturnType<typeof start>>} */
let server;
/** @type {ReturnType<Awaited<ReturnType<typeof start>>['as']>} */
let a;
/** @type {ReturnType<Awaited<ReturnType<typeof start>>['as']>} */
let b;
let made = 0;

before(async () => {
  server = await start();
  a = server.as('token-a');
  b = server.as('token-b');
});
after(() => server.close());

/**
 * A contact of the account `client` acts for, reached on webchat with a conversation.
 * @param {typeof a} client
 * @param {Record<string, unknown>} [values]
 */
async function contact(client, values = {}) {
  const n = ++made;
  const created = await client.post('/contacts', { name: `Person ${n}`, ...values });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const resolved = await client.post('/conversations/resolve', {
    channel: 'webchat',
    address: `visitor-${n}`,
    email: values.email,
    phone: values.phone,
    conversationId: `conv-${n}`,
  });
  assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
  assert.equal(resolved.body.contact.id, created.body.id);
  return resolved.body.contact;
}

/**
 * @param {typeof a} client
 * @param {string} primaryId
 * @param {unknown} body
 * @param {string} [key]
 */
function merge(client, primaryId, body, key = `merge-${Math.random()}`) {
  return client.call('POST', `/contacts/${primaryId}/merge`, body, {
    headers: { 'Idempotency-Key': key },
  });
}

/**
 * @param {typeof a} client
 * @param {string} path
 * @param {number | undefined} version
 * @param {string} [key]
 */
function remove(client, path, version, key) {
  /** @type {Record<string, string>} */
  const headers = {};
  if (version !== undefined) headers['If-Match'] = `"${version}"`;
  if (key !== undefined) headers['Idempotency-Key'] = key;
  return client.call('DELETE', path, undefined, { headers });
}

/** @param {any} primary @param {any} secondary */
const mergeBody = (primary, secondary, choices = {}) => ({
  secondaryId: secondary.id,
  choices,
  expectedVersions: { primary: primary.version, secondary: secondary.version },
});

/** The account's change log position, to prove that a refused request wrote nothing. */
const logEnd = (/** @type {string} */ account) => server.store.lastChangeId(account);

describe('POST /contacts/{id}/merge', () => {
  it('merges the secondary into the primary: values, identities, conversations', async () => {
    const primary = await contact(a, { email: 'p1@merge.test' });
    const secondary = await contact(a, { phone: '+5511990000001', name: 'Chosen Name' });
    const answer = await merge(a, primary.id, mergeBody(primary, secondary, { name: 'secondary' }));
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const { contact: merged, mergedId, restorePoint } = answer.body;
    assert.equal(merged.id, primary.id);
    assert.equal(mergedId, secondary.id);
    assert.equal(answer.headers.get('ETag'), `"${merged.version}"`);
    assert.equal(merged.version, primary.version + 1);
    assert.equal(merged.name, 'Chosen Name');
    assert.equal(merged.email, 'p1@merge.test');
    assert.equal(merged.phone, '+5511990000001');
    assert.deepEqual(
      merged.identities.map((/** @type {any} */ i) => i.address).sort(),
      [...primary.identities, ...secondary.identities].map(i => i.address).sort(),
    );
    assert.equal(typeof restorePoint.token, 'string');
    assert.ok(Date.parse(restorePoint.expiresAt) > Date.now());

    const gone = await a.get(`/contacts/${secondary.id}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.error.code, 'not-found');
    assert.equal(gone.body.error.mergedInto, primary.id);

    const conversations = await a.get(`/contacts/${primary.id}/conversations?limit=10`);
    assert.deepEqual(
      conversations.body.map((/** @type {any} */ c) => c.contactId),
      [primary.id, primary.id],
      "the secondary's conversation moved to the primary",
    );
    const listed = await a.get(`/contacts?phone=${encodeURIComponent('+5511990000001')}`);
    assert.deepEqual(
      listed.body.items.map((/** @type {any} */ c) => c.id),
      [primary.id],
    );
  });

  it('replays the first result for the same key, and refuses the key with another body', async () => {
    const primary = await contact(a, { email: 'p2@merge.test' });
    const secondary = await contact(a, { email: 's2@merge.test' });
    const body = mergeBody(primary, secondary);
    const first = await merge(a, primary.id, body, 'merge-key-2');
    assert.equal(first.status, 200);
    const end = await logEnd('a');
    const again = await merge(a, primary.id, body, 'merge-key-2');
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, first.body, 'the same result, restore point included');
    assert.equal(again.headers.get('Idempotent-Replayed'), 'true');
    assert.equal(await logEnd('a'), end, 'nothing written twice');
    const other = await merge(
      a,
      primary.id,
      { ...body, choices: { email: 'secondary' } },
      'merge-key-2',
    );
    assert.equal(other.status, 422);
    assert.equal(other.body.error.code, 'validation');
  });

  it('refuses stale versions with 409 conflict, writing nothing', async () => {
    const primary = await contact(a, { email: 'p3@merge.test' });
    const secondary = await contact(a, { email: 's3@merge.test' });
    const end = await logEnd('a');
    const stale = await merge(a, primary.id, {
      ...mergeBody(primary, secondary),
      expectedVersions: { primary: primary.version, secondary: secondary.version - 1 },
    });
    assert.equal(stale.status, 409, JSON.stringify(stale.body));
    assert.equal(stale.body.error.code, 'conflict');
    assert.equal(stale.body.error.currentVersion, secondary.version);
    assert.equal(await logEnd('a'), end);
    assert.equal((await a.get(`/contacts/${secondary.id}`)).body.version, secondary.version);
    assert.equal((await a.get(`/contacts/${primary.id}`)).body.version, primary.version);
  });

  it('refuses a contact merged with itself (422), unknown ids (404) and a missing key (400)', async () => {
    const primary = await contact(a, { email: 'p4@merge.test' });
    const end = await logEnd('a');
    const self = await merge(a, primary.id, mergeBody(primary, primary));
    assert.equal(self.status, 422);
    assert.equal(self.body.error.code, 'validation');
    const unknown = await merge(a, primary.id, {
      ...mergeBody(primary, primary),
      secondaryId: 'ct_nope',
    });
    assert.equal(unknown.status, 404);
    const unknownPrimary = await merge(a, 'ct_nope', mergeBody(primary, primary));
    assert.equal(unknownPrimary.status, 404);
    const keyless = await a.call(
      'POST',
      `/contacts/${primary.id}/merge`,
      mergeBody(primary, primary),
    );
    assert.equal(keyless.status, 400);
    assert.equal(await logEnd('a'), end);
  });

  it('refuses malformed bodies before anything is written', async () => {
    const primary = await contact(a, { email: 'p5@merge.test' });
    const secondary = await contact(a, { email: 's5@merge.test' });
    const good = mergeBody(primary, secondary);
    const end = await logEnd('a');
    /** @type {[unknown, number, string | undefined][]} */
    const cases = [
      [[good], 400, undefined],
      [{ ...good, nickname: 'x' }, 422, '/nickname'],
      [{ ...good, choices: { name: 'both' } }, 422, '/choices/name'],
      [{ ...good, choices: { colour: 'primary' } }, 422, '/choices/colour'],
      [{ secondaryId: secondary.id, choices: {} }, 422, '/expectedVersions'],
      [
        { ...good, expectedVersions: { primary: 0, secondary: 1 } },
        422,
        '/expectedVersions/primary',
      ],
      [{ ...good, secondaryId: 7 }, 422, '/secondaryId'],
    ];
    for (const [body, status, path] of cases) {
      const answer = await merge(a, primary.id, body);
      assert.equal(answer.status, status, JSON.stringify(body));
      assert.equal(answer.body.error.code, 'validation');
      if (path) assert.equal(answer.body.error.path, path, JSON.stringify(body));
    }
    const raw = await a.call('POST', `/contacts/${primary.id}/merge`, undefined, {
      raw: '{"secondaryId":',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'raw-merge' },
    });
    assert.equal(raw.status, 400);
    assert.equal(await logEnd('a'), end);
    assert.equal((await a.get(`/contacts/${secondary.id}`)).status, 200);
  });

  it("answers another account's contacts 404, exactly like missing ones", async () => {
    const mine = await contact(a, { email: 'p6@merge.test' });
    const theirs = await contact(b, { email: 'theirs6@merge.test' });
    const endA = await logEnd('a');
    const endB = await logEnd('b');
    const asSecondary = await merge(a, mine.id, mergeBody(mine, theirs));
    const missing = await merge(a, mine.id, {
      ...mergeBody(mine, theirs),
      secondaryId: 'ct_missing',
    });
    assert.equal(asSecondary.status, 404);
    assert.deepEqual(
      { ...asSecondary.body.error, message: '' },
      { ...missing.body.error, message: '' },
      'the same answer as for an id that exists nowhere',
    );
    const asPrimary = await merge(a, theirs.id, mergeBody(theirs, mine));
    assert.equal(asPrimary.status, 404);
    assert.equal(await logEnd('a'), endA);
    assert.equal(await logEnd('b'), endB);
    assert.deepEqual((await b.get(`/contacts/${theirs.id}`)).body, theirs);
  });
});

describe('DELETE /contacts/{id} and /companies/{id}', () => {
  it('deletes a contact with If-Match: 428 without, 412 on a stale version', async () => {
    const doomed = await contact(a, { email: 'd1@merge.test' });
    const end = await logEnd('a');
    const bare = await remove(a, `/contacts/${doomed.id}`, undefined);
    assert.equal(bare.status, 428);
    assert.equal(bare.body.error.code, 'validation');
    const stale = await remove(a, `/contacts/${doomed.id}`, doomed.version + 1);
    assert.equal(stale.status, 412);
    assert.equal(stale.body.error.code, 'conflict');
    assert.equal(stale.body.error.currentVersion, doomed.version);
    assert.equal(await logEnd('a'), end);

    const deleted = await remove(a, `/contacts/${doomed.id}`, doomed.version);
    assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
    assert.equal(deleted.body.id, doomed.id);
    assert.equal(typeof deleted.body.restorePoint.token, 'string');
    const gone = await a.get(`/contacts/${doomed.id}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.error.mergedInto, undefined);
    assert.equal((await remove(a, `/contacts/${doomed.id}`, doomed.version)).status, 404);
  });

  it('replays a delete made with a key; other accounts get 404', async () => {
    const doomed = await contact(a, { email: 'd2@merge.test' });
    const first = await remove(a, `/contacts/${doomed.id}`, doomed.version, 'delete-key-2');
    assert.equal(first.status, 200);
    const again = await remove(a, `/contacts/${doomed.id}`, doomed.version, 'delete-key-2');
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, first.body);

    const theirs = await contact(b, { email: 'theirs-d2@merge.test' });
    assert.equal((await remove(a, `/contacts/${theirs.id}`, theirs.version)).status, 404);
    assert.equal((await b.get(`/contacts/${theirs.id}`)).status, 200);
  });

  it('deletes a company and unlinks its contacts; restoring relinks them', async () => {
    const acme = (await a.post('/companies', { name: 'Doomed Co' })).body;
    const worker = await contact(a, { email: 'w1@merge.test', companyId: acme.id });
    assert.equal(worker.companyId, acme.id);
    assert.equal((await remove(a, `/companies/${acme.id}`, undefined)).status, 428);
    const theirs = await b.post('/companies', { name: 'Their Co' });
    assert.equal((await remove(a, `/companies/${theirs.body.id}`, 1)).status, 404);

    const deleted = await remove(a, `/companies/${acme.id}`, acme.version);
    assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
    assert.equal((await a.get(`/companies/${acme.id}`)).status, 404);
    const unlinked = (await a.get(`/contacts/${worker.id}`)).body;
    assert.equal(unlinked.companyId, undefined);
    assert.equal(unlinked.version, worker.version + 1);

    const restored = await a.post('/restore', { token: deleted.body.restorePoint.token });
    assert.equal(restored.status, 200, JSON.stringify(restored.body));
    assert.deepEqual(
      restored.body.companies.map((/** @type {any} */ c) => c.id),
      [acme.id],
    );
    assert.equal((await a.get(`/companies/${acme.id}`)).body.version, acme.version + 1);
    assert.equal((await a.get(`/contacts/${worker.id}`)).body.companyId, acme.id);
  });
});

describe('POST /restore', () => {
  it('brings back a merged-away contact and its conversation, twice the same', async () => {
    const primary = await contact(a, { email: 'r1@merge.test' });
    const secondary = await contact(a, { email: 'r1s@merge.test' });
    const merged = await merge(a, primary.id, mergeBody(primary, secondary));
    const { token } = merged.body.restorePoint;
    const restored = await a.post('/restore', { token });
    assert.equal(restored.status, 200, JSON.stringify(restored.body));
    const back = (await a.get(`/contacts/${secondary.id}`)).body;
    assert.equal(back.version, secondary.version + 1);
    assert.equal(back.email, 'r1s@merge.test');
    assert.ok(restored.body.contacts.some((/** @type {any} */ c) => c.id === secondary.id));
    const conversations = (await a.get(`/contacts/${secondary.id}/conversations`)).body;
    assert.deepEqual(
      conversations.map((/** @type {any} */ c) => c.contactId),
      [secondary.id],
    );
    const twice = await a.post('/restore', { token });
    assert.equal(twice.status, 200);
    assert.deepEqual(twice.body, restored.body, 'restoring twice answers the same records');
  });

  it("answers an unknown token, or another account's, 404; refuses malformed bodies", async () => {
    const doomed = await contact(a, { email: 'r2@merge.test' });
    const deleted = await remove(a, `/contacts/${doomed.id}`, doomed.version);
    const { token } = deleted.body.restorePoint;
    const endB = await logEnd('b');
    const theirs = await b.post('/restore', { token });
    const unknown = await b.post('/restore', { token: 'no-such-token' });
    assert.equal(theirs.status, 404);
    assert.equal(unknown.status, 404);
    assert.equal(theirs.body.error.code, unknown.body.error.code);
    assert.equal(await logEnd('b'), endB);
    assert.equal((await a.get(`/contacts/${doomed.id}`)).status, 404, 'still deleted');

    const endA = await logEnd('a');
    for (const body of [{}, { token: '' }, { token: 3 }, { token, extra: true }]) {
      const refused = await a.post('/restore', body);
      assert.equal(refused.status, 422, JSON.stringify(body));
      assert.equal(refused.body.error.code, 'validation');
    }
    assert.equal((await a.post('/restore', [token])).status, 400);
    assert.equal(await logEnd('a'), endA);
  });

  it('keeps restore points for RESTORE_DAYS', async () => {
    const store = built.createMemoryStore({ restoreDays: 2 });
    const short = await start({ store });
    try {
      const client = short.as('token-a');
      const doomed = (await client.post('/contacts', { email: 'short@merge.test' })).body;
      const before = Date.now();
      const deleted = await remove(client, `/contacts/${doomed.id}`, doomed.version);
      const days = (Date.parse(deleted.body.restorePoint.expiresAt) - before) / 86_400_000;
      assert.ok(days > 1.99 && days <= 2.01, `expires in ${days} days`);
    } finally {
      await short.close();
    }
  });
});

describe('GET /changes after merge, delete and restore', () => {
  it('streams removed (with mergedInto) and restored', { timeout: 10_000 }, async () => {
    const primary = await contact(a, { email: 'c1@merge.test' });
    const secondary = await contact(a, { email: 'c1s@merge.test' });
    const events = await openEvents(`${server.apiUrl}/changes`, {
      Authorization: 'Bearer token-a',
    });
    try {
      const merged = await merge(a, primary.id, mergeBody(primary, secondary));
      /** @type {any[]} */
      const seen = [];
      const until = async (/** @type {(c: any) => boolean} */ test) => {
        for (;;) {
          const { change } = await events.next();
          seen.push(change);
          if (test(change)) return change;
        }
      };
      const removed = await until(c => c.type === 'removed');
      assert.deepEqual(removed, {
        type: 'removed',
        kind: 'contact',
        id: secondary.id,
        mergedInto: primary.id,
      });
      assert.ok(
        seen.some(c => c.type === 'contact' && c.contact.id === primary.id),
        'the primary updated',
      );
      assert.ok(
        seen.some(c => c.type === 'conversation' && c.conversation.contactId === primary.id),
        'the moved conversation',
      );
      await a.post('/restore', { token: merged.body.restorePoint.token });
      const restored = await until(
        c => c.type === 'contact' && c.action === 'restored' && c.contact.id === secondary.id,
      );
      assert.equal(restored.contact.version, secondary.version + 1);
    } finally {
      events.close();
    }
  });
});
