import { z } from 'zod';
import { CreatedUser, createUser, CreateUserInput } from '../../services/users/create-user.js';
import { describeMe, listUsers, UserDto } from '../../services/users/describe-users.js';
import { Id } from '../../services/schemas.js';
import { ChangeUserInput, setUserActive, updateUser } from '../../services/users/change-user.js';
import {
  createTokenFor,
  CreateTokenInput,
  listTokensFor,
  revokeTokenById,
  TokenDto,
} from '../../services/users/tokens.js';
import { createLinkCode, linkTeamsUser, TeamsIdentity } from '../../services/teams/links.js';
import type { Api } from '../route.js';

export function userRoutes(api: Api): void {
  api.add({
    method: 'post',
    path: '/users',
    tag: 'users',
    summary: 'Create a user and their first token (admin)',
    description: 'The token is in this answer only; the server keeps its hash.',
    body: CreateUserInput,
    success: { status: 201, description: 'The user, with the token', schema: CreatedUser },
    errors: ['forbidden', 'not_found', 'already_exists'],
    handler: ({ ctx, body }) => createUser({ ctx, input: body }),
  });
  api.add({
    method: 'get',
    path: '/users',
    tag: 'users',
    summary: 'Every user (admin)',
    success: { status: 200, description: 'Users', schema: z.object({ items: z.array(UserDto) }) },
    errors: ['forbidden'],
    handler: async ({ ctx }) => ({ items: await listUsers({ ctx }) }),
  });
  api.add({
    method: 'get',
    path: '/me',
    tag: 'users',
    summary: 'The signed-in user',
    success: { status: 200, description: 'The caller', schema: UserDto },
    handler: ({ ctx }) => describeMe({ ctx }),
  });
  api.add({
    method: 'patch',
    path: '/users/:id',
    tag: 'users',
    summary: "Change a user's role or locations (admin)",
    description:
      'Omitted fields stay as they are; `locations: []` means every location. The last active admin cannot be demoted (`409 invalid_state`, `details.reason: last_active_admin`). Audited as `user.update`.',
    params: z.object({ id: Id }),
    body: ChangeUserInput,
    success: { status: 200, description: 'The user as changed', schema: UserDto },
    errors: ['forbidden', 'not_found', 'invalid_state'],
    handler: ({ ctx, params, body }) => updateUser({ ctx, id: params.id, input: body }),
  });
  for (const [verb, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    api.add({
      method: 'post',
      path: `/users/:id/${verb}`,
      tag: 'users',
      summary: active
        ? 'Let a deactivated user sign in again (admin)'
        : 'Stop a user: their tokens and Teams link stop at once, their history stays (admin)',
      description: active
        ? 'Their tokens that were not revoked work again. Audited as `user.reactivate`.'
        : 'Every token of the user is refused from the next request on, in every process. The last active admin cannot be deactivated (`409 invalid_state`, `details.reason: last_active_admin`). Audited as `user.deactivate`.',
      params: z.object({ id: Id }),
      body: z.strictObject({}),
      success: { status: 200, description: 'The user', schema: UserDto },
      errors: ['forbidden', 'not_found', 'invalid_state'],
      handler: ({ ctx, params }) => setUserActive({ ctx, id: params.id, active }),
    });
  }
  api.add({
    method: 'get',
    path: '/users/:id/tokens',
    tag: 'users',
    summary: "A user's tokens, revoked ones included (admin, or the user)",
    description:
      'Never the tokens themselves: their ids, labels and dates, to revoke one with `POST /tokens/{id}/revoke`.',
    params: z.object({ id: Id }),
    success: {
      status: 200,
      description: 'Tokens, oldest first',
      schema: z.object({ items: z.array(TokenDto) }),
    },
    errors: ['forbidden', 'not_found'],
    handler: async ({ ctx, params }) => ({
      items: await listTokensFor({ ctx, userId: params.id }),
    }),
  });
  api.add({
    method: 'post',
    path: '/users/:id/tokens',
    tag: 'users',
    summary: 'Issue another token for a user (admin); shown once',
    params: z.object({ id: Id }),
    body: CreateTokenInput,
    success: {
      status: 201,
      description: 'The token',
      schema: TokenDto.extend({ token: z.string() }),
    },
    errors: ['forbidden', 'not_found'],
    handler: ({ ctx, params, body }) => createTokenFor({ ctx, userId: params.id, input: body }),
  });
  api.add({
    method: 'post',
    path: '/tokens/:id/revoke',
    tag: 'users',
    summary: 'Revoke a token at once (admin, or its owner)',
    params: z.object({ id: Id }),
    body: z.strictObject({}),
    success: { status: 200, description: 'The revoked token', schema: TokenDto },
    errors: ['forbidden', 'not_found', 'invalid_state'],
    handler: ({ ctx, params }) => revokeTokenById({ ctx, id: params.id }),
  });
  api.add({
    method: 'post',
    path: '/users/:id/links',
    tag: 'users',
    summary: 'Link a Teams account (tenant, Azure AD object id) to a user (admin)',
    params: z.object({ id: Id }),
    body: TeamsIdentity,
    success: {
      status: 201,
      description: 'The link',
      schema: z.object({ user: z.string(), tenantId: z.string(), aadObjectId: z.string() }),
    },
    errors: ['forbidden', 'not_found'],
    handler: ({ ctx, params, body }) => linkTeamsUser({ ctx, userId: params.id, input: body }),
  });
  api.add({
    method: 'post',
    path: '/me/link-codes',
    tag: 'users',
    summary: 'A one-time code to send the Teams bot as `link <code>` (valid 15 minutes)',
    body: z.strictObject({}),
    success: {
      status: 201,
      description: 'The code',
      schema: z.object({ code: z.string(), expiresAt: z.string() }),
    },
    handler: ({ ctx }) => createLinkCode({ ctx, userId: ctx.actor.id }),
  });
}
