/**
 * `npm run admin -- <command>`: user and token administration without the HTTP API
 * (for the first user, or when locked out). Changes are audited as client `cli`.
 *
 *   create-user <name> --role admin|manager|clerk|viewer [--locations S1,S2]
 *   change-user <name> [--role admin|manager|clerk|viewer] [--locations S1,S2 | --locations all]
 *   deactivate <name> | reactivate <name>   their tokens stop (or work again) at once; history stays
 *   create-token <user> [--label text]
 *   revoke-token <token-id | token>
 *   list-users
 *   list-tokens <user>
 *   link-code <user>      a one-time code to send the Teams bot as `link <code>`
 *   rebuild-days          derive every per-day figure again from the movements, in the shop's time zone
 */
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../domain/actor.js';
import { OperationRefused } from '../services/admin/backup.js';
import type { AuditContext } from '../services/audit.js';
import { changeUser } from '../services/users/change-user.js';
import { insertUser } from '../services/users/create-user.js';
import { listUsers } from '../services/users/describe-users.js';
import { rebuildShopDays } from '../services/settings/rebuild-days.js';
import { createLinkCode } from '../services/teams/links.js';
import { issueToken, listTokens, revokeToken } from '../services/users/tokens.js';
import { openFromEnv, runCli } from './common.js';

const USAGE = `usage: npm run admin -- <command>
  create-user <name> --role admin|manager|clerk|viewer [--locations S1,S2]
  change-user <name> [--role admin|manager|clerk|viewer] [--locations S1,S2 | --locations all]
  deactivate <name>
  reactivate <name>
  create-token <user> [--label text]
  revoke-token <token-id | token>
  list-users
  list-tokens <user>
  link-code <user>
  rebuild-days`;

await runCli(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { role: { type: 'string' }, locations: { type: 'string' }, label: { type: 'string' } },
  });
  const [command, arg] = positionals;
  const database = await openFromEnv();
  const ctx: AuditContext = {
    actor: null,
    now: Date.now,
    requestId: `cli-${process.pid}`,
    client: 'cli',
  };
  try {
    switch (command) {
      case 'create-user': {
        if (!arg) throw new OperationRefused(USAGE);
        const role = values.role as Role | undefined;
        if (!role || !ROLES.includes(role))
          throw new OperationRefused(`--role must be one of ${ROLES.join(', ')}`);
        const locations = values.locations
          ? values.locations
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : [];
        const user = await database.write((tx) =>
          insertUser(tx, ctx, { name: arg, role, locations }),
        );
        console.log(
          `created user ${user.name} (id ${user.id}, ${user.role}${locations.length ? ` at ${locations.join(', ')}` : ''})`,
        );
        console.log(`token (shown once): ${user.token}`);
        return 0;
      }
      case 'change-user': {
        if (!arg || (values.role === undefined && values.locations === undefined))
          throw new OperationRefused(USAGE);
        const role = values.role as Role | undefined;
        if (role !== undefined && !ROLES.includes(role))
          throw new OperationRefused(`--role must be one of ${ROLES.join(', ')}`);
        const locations =
          values.locations === undefined
            ? undefined
            : values.locations === 'all'
              ? []
              : values.locations
                  .split(',')
                  .map((s) => s.trim())
                  .filter(Boolean);
        const user = await database.write((tx) =>
          changeUser(
            tx,
            ctx,
            { name: arg },
            { ...(role ? { role } : {}), ...(locations ? { locations } : {}) },
          ),
        );
        console.log(
          `changed user ${user.name} (id ${user.id}): ${user.role} at ${user.locations.join(', ') || '(all locations)'}`,
        );
        return 0;
      }
      case 'deactivate':
      case 'reactivate': {
        if (!arg) throw new OperationRefused(USAGE);
        const user = await database.write((tx) =>
          changeUser(tx, ctx, { name: arg }, { active: command === 'reactivate' }),
        );
        console.log(
          `${user.name} (id ${user.id}) is ${user.active ? 'active: their tokens work again' : 'deactivated: their tokens stop at once'}`,
        );
        return 0;
      }
      case 'create-token': {
        if (!arg) throw new OperationRefused(USAGE);
        const token = await database.write((tx) => issueToken(tx, ctx, arg, values.label ?? null));
        console.log(`created token ${token.id} for ${token.user}`);
        console.log(`token (shown once): ${token.token}`);
        return 0;
      }
      case 'revoke-token': {
        if (!arg) throw new OperationRefused(USAGE);
        const ref = /^\d+$/.test(arg) ? { id: Number(arg) } : { token: arg };
        const revoked = await database.write((tx) => revokeToken(tx, ctx, ref));
        console.log(`revoked token ${revoked.id} of ${revoked.user} at ${revoked.revokedAt}`);
        return 0;
      }
      case 'list-users': {
        const users = await listUsers({
          ctx: {
            database,
            actor: { id: 0, name: 'cli', role: 'admin', locationIds: null },
            requestId: ctx.requestId,
            client: 'cli',
            now: Date.now,
          },
        });
        for (const u of users) {
          console.log(
            `${String(u.id).padStart(4)}  ${u.name.padEnd(20)} ${u.role.padEnd(8)} ${u.active ? 'active' : 'inactive'}  ${u.locations.join(',') || '(all locations)'}`,
          );
        }
        return 0;
      }
      case 'list-tokens': {
        if (!arg) throw new OperationRefused(USAGE);
        for (const t of await listTokens(database.db, { userName: arg })) {
          console.log(
            `${String(t.id).padStart(4)}  ${(t.label ?? '').padEnd(20)} created ${t.createdAt}  ${t.revokedAt ? `revoked ${t.revokedAt}` : 'active'}`,
          );
        }
        return 0;
      }
      case 'link-code': {
        if (!arg) throw new OperationRefused(USAGE);
        const [user] = (
          await listUsers({
            ctx: {
              database,
              actor: { id: 0, name: 'cli', role: 'admin', locationIds: null },
              requestId: ctx.requestId,
              client: 'cli',
              now: Date.now,
            },
          })
        ).filter((u) => u.name === arg);
        if (!user) throw new OperationRefused(`no user ${arg}`);
        const code = await createLinkCode({
          ctx: {
            database,
            actor: { id: user.id },
            requestId: ctx.requestId,
            client: 'cli',
            now: Date.now,
          } as never,
          userId: user.id,
        });
        console.log(`send the bot: link ${code.code}   (valid until ${code.expiresAt})`);
        return 0;
      }
      case 'rebuild-days': {
        const started = performance.now();
        const done = await rebuildShopDays(database, ctx);
        console.log(
          `rebuilt the per-day figures in ${done.timeZone}: ${done.movements} movement(s), ${done.days} item-location-day row(s), in ${Math.round(performance.now() - started)} ms`,
        );
        return 0;
      }
      default:
        throw new OperationRefused(USAGE);
    }
  } finally {
    await database.close();
  }
});
