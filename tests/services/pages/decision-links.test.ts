import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../core/db/client.js';
import { decisionLink } from '../../../core/services/links/links.js';
import { decideByLink } from '../../../core/services/pages/decide-by-link.js';
import { findLink, newPageNonce } from '../../../core/services/links/page-links.js';
import { ServiceError } from '../../../core/services/errors.js';
import { post, seedShop } from '../../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../../helpers/test-app.js';

/*
 * The rules of the links chat robots' approval messages carry: they expire, they are
 * used once (also by two connections at once), they stop when the document is decided
 * another way, and the link never says who decides: the approver's own token does,
 * through the same eligibility rules as everywhere.
 */

let t: TestApp;
const tok: Record<string, string> = {};
const PUBLIC = 'https://inventory.example.cn';
const HOUR = 3600_000;

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  tok['clerk'] = await t.user('clerk-s2', 'clerk', ['S2']);
  tok['manager'] = await t.user('王芳', 'manager', ['S1']);
  tok['otherManager'] = await t.user('李强', 'manager', ['S1']);
  tok['farManager'] = await t.user('far-manager', 'manager', ['W1']);
  await post(t, { type: 'receipt', sku: 'A', quantity: 500, location: 'S1' });
  const policy = await t.call('PUT', api('/approval-policies'), {
    policies: [{ documentType: 'transfer', levels: [{ minQuantity: 1, role: 'manager' }] }],
  });
  expect(policy.status).toBe(200);
});
afterAll(() => t.cleanup());

/** A transfer S1 → S2 waiting for a manager, and a decision link for it. */
async function waitingTransfer(ttlMs = 24 * HOUR) {
  const created = await t.call(
    'POST',
    api('/transfers'),
    { from: 'S1', to: 'S2', lines: [{ sku: 'A', quantity: 5 }] },
    { token: tok['clerk']! },
  );
  expect(created.status).toBe(201);
  const { id, version } = created.body as { id: number; version: number };
  const url = await decisionLink(
    t.database,
    { documentType: 'transfer', documentId: id, version },
    { publicUrl: PUBLIC, now: t.clock.now, language: 'zh-CN', ttlMs },
  );
  expect(url).toMatch(/^https:\/\/inventory\.example\.cn\/pages\/approve\/[\w-]{43}$/);
  const token = url.split('/').pop()!;
  return { id, version, token };
}

/** What the page does when it is shown: a nonce for its form. */
async function pageNonce(token: string) {
  const link = await findLink(t.database.db, token);
  return t.database.write((tx) => newPageNonce(tx, link!.id));
}

const decide = (token: string, form: Record<string, unknown>, database = t.database) =>
  decideByLink({
    database,
    token,
    form,
    now: () => t.clock.now,
    requestId: 'test',
  });

/** The refusal a decision gets: its code and its reason. */
async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceError);
  const e = error as ServiceError;
  return { code: e.code, reason: (e.details as { reason?: string } | undefined)?.reason };
}

const transfer = async (id: number) => (await t.call('GET', api(`/transfers/${id}`))).body;

describe('decision links', () => {
  it('are stored hashed: the database does not hold the token', async () => {
    const { token } = await waitingTransfer();
    const rows = await t.database.client.execute('SELECT * FROM page_links');
    expect(JSON.stringify(rows.rows)).not.toContain(token);
    expect(await findLink(t.database.db, token)).toMatchObject({ purpose: 'decide' });
  });

  it('decide once, as the approver whose token is given, audited as theirs from the page', async () => {
    const { id, version, token } = await waitingTransfer();
    const nonce = await pageNonce(token);
    const done = await decide(token, {
      decision: 'approve',
      version: String(version),
      comment: '同意',
      credential: tok['manager'],
      nonce,
    });
    expect(done).toMatchObject({ actor: { name: '王芳' }, decided: { decision: 'approved' } });
    expect(await transfer(id)).toMatchObject({
      status: 'approved',
      approvals: [
        expect.objectContaining({ status: 'approved', decidedBy: '王芳', comment: '同意' }),
      ],
    });
    const audit = await t.database.client.execute({
      sql: `SELECT a.action, a.client, u.name FROM audit_log a JOIN users u ON u.id = a.actor_id
             WHERE a.entity = 'transfer' AND a.entity_id = ? AND a.action = 'transfer.approve'`,
      args: [String(id)],
    });
    expect(audit.rows.map((r) => ({ ...r }))).toEqual([
      { action: 'transfer.approve', client: 'page', name: '王芳' },
    ]);
    // The same link again, even with the right nonce and person: used.
    expect(
      await refusal(
        decide(token, {
          decision: 'reject',
          version: String(version + 1),
          credential: tok['manager'],
          nonce,
        }),
      ),
    ).toEqual({ code: 'invalid_state', reason: 'link_used' });
    // Used is what it is, whoever tries it: not "who are you?".
    expect(
      await refusal(
        decide(token, {
          decision: 'reject',
          version: version + 1,
          credential: 'inv_nobody',
          nonce,
        }),
      ),
    ).toEqual({ code: 'invalid_state', reason: 'link_used' });
  });

  it('expire after their time, configurable per link', async () => {
    const { id, version, token } = await waitingTransfer(HOUR);
    const nonce = await pageNonce(token);
    t.clock.now += HOUR;
    try {
      expect(
        await refusal(
          decide(token, { decision: 'approve', version, credential: tok['manager'], nonce }),
        ),
      ).toEqual({ code: 'invalid_state', reason: 'link_expired' });
    } finally {
      t.clock.now -= HOUR;
    }
    expect((await transfer(id)).status).toBe('pending_approval');
    // One millisecond before its end it still decides.
    t.clock.now += HOUR - 1;
    try {
      await decide(token, { decision: 'approve', version, credential: tok['manager'], nonce });
    } finally {
      t.clock.now -= HOUR - 1;
    }
    expect((await transfer(id)).status).toBe('approved');
  });

  it('stop working when the document is decided another way (Teams, the API)', async () => {
    const { id, version, token } = await waitingTransfer();
    const nonce = await pageNonce(token);
    const viaApi = await t.call(
      'POST',
      api(`/transfers/${id}/approve`),
      { version },
      { token: tok['otherManager']! },
    );
    expect(viaApi.status).toBe(200);
    expect(await findLink(t.database.db, token)).toMatchObject({
      revokedAt: expect.any(Number),
      usedAt: null,
    });
    expect(
      await refusal(
        decide(token, {
          decision: 'reject',
          version: version + 1,
          credential: tok['manager'],
          nonce,
        }),
      ),
    ).toEqual({ code: 'invalid_state', reason: 'link_revoked' });
    expect((await transfer(id)).approvals).toEqual([
      expect.objectContaining({ status: 'approved', decidedBy: '李强' }),
    ]);
  });

  it('do not say who decides: a wrong person is refused and the link stays for the right one', async () => {
    const { id, version, token } = await waitingTransfer();
    const nonce = await pageNonce(token);
    const form = (credential: string) => ({ decision: 'approve', version, credential, nonce });
    // The requester may not approve their own transfer; a clerk may not approve; a
    // manager of another store may not; a token nobody has is nobody.
    expect(await refusal(decide(token, form(tok['clerk']!)))).toMatchObject({ code: 'forbidden' });
    expect(await refusal(decide(token, form(tok['farManager']!)))).toMatchObject({
      code: 'forbidden',
    });
    expect(await refusal(decide(token, form('inv_not-a-token-of-anyone')))).toMatchObject({
      code: 'unauthenticated',
    });
    expect(await findLink(t.database.db, token)).toMatchObject({ usedAt: null, revokedAt: null });
    expect((await transfer(id)).status).toBe('pending_approval');
    await decide(token, form(tok['manager']!));
    expect((await transfer(id)).status).toBe('approved');
  });

  it('need the version shown and the nonce of the last page shown; every bad field at once', async () => {
    const { id, version, token } = await waitingTransfer();
    const first = await pageNonce(token);
    const second = await pageNonce(token); // the link opened again in another window
    const base = { decision: 'approve', credential: tok['manager'] };
    expect(await refusal(decide(token, { ...base, version, nonce: first }))).toEqual({
      code: 'invalid_state',
      reason: 'page_outdated',
    });
    expect(await refusal(decide(token, { ...base, version: version - 1, nonce: second }))).toEqual({
      code: 'invalid_state',
      reason: 'stale_version',
    });
    const bad = await decide(token, { decision: 'maybe', version: 'x', nonce: '' }).catch(
      (e: ServiceError) => e,
    );
    expect(bad).toBeInstanceOf(ServiceError);
    expect((bad as ServiceError).code).toBe('validation_failed');
    expect(
      ((bad as ServiceError).details as Array<{ path: string }>).map((d) => d.path).sort(),
    ).toEqual(['credential', 'decision', 'nonce', 'version']);
    expect(await findLink(t.database.db, token)).toMatchObject({ usedAt: null });
    expect((await transfer(id)).status).toBe('pending_approval');
    await decide(token, { ...base, version, nonce: second });
    expect((await transfer(id)).status).toBe('approved');
  });

  it('give one decision when two connections (two processes) click the same link at once', async () => {
    const other = await openDatabase({ url: t.url });
    try {
      for (let round = 0; round < 5; round++) {
        const { id, version, token } = await waitingTransfer();
        const nonce = await pageNonce(token);
        const results = await Promise.allSettled([
          decide(token, { decision: 'approve', version, credential: tok['manager'], nonce }),
          decide(
            token,
            { decision: 'reject', version, credential: tok['otherManager'], nonce },
            other,
          ),
        ]);
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r) => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        const reason = ((lost[0] as PromiseRejectedResult).reason as ServiceError).details as {
          reason: string;
        };
        expect(reason.reason).toBe('link_used');
        const decided = (await transfer(id)).approvals.filter(
          (s: { status: string }) => s.status === 'approved' || s.status === 'rejected',
        );
        expect(decided).toHaveLength(1);
        const audits = await t.database.client.execute({
          sql: `SELECT count(*) AS n FROM audit_log WHERE entity = 'transfer' AND entity_id = ? AND action IN ('transfer.approve', 'transfer.reject')`,
          args: [String(id)],
        });
        expect(Number(audits.rows[0]!['n'])).toBe(1);
      }
    } finally {
      await other.close();
    }
  });
});
