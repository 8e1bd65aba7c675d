// Users as state: one per identity per service. Adding a chat participant creates its User
// implicitly, as Twilio does (no onUserAdded then); a created user fires onUserAdded.
import { isoDate } from '../clock';
import { TwilioApiError } from '../errors';
import { newSid } from '../sids';
import type { UserRecord } from '../state';
import type { Ctx } from './context';
import { checkAttributes } from './attributes';
import type { Origin } from './events';
import { dropUser, putUser, userByIdentity } from './indexes';
import { throwIfRejected } from './rejection';

const DEFAULT_USER_ROLE_SID = 'RL00000000000000000000000000000001';

export function ensureUser(ctx: Ctx, serviceSid: string, identity: string): UserRecord {
  const existing = userByIdentity(ctx.state, serviceSid, identity);
  if (existing) return existing;
  const now = ctx.clock.now();
  const user: UserRecord = {
    sid: newSid('US'),
    serviceSid,
    identity,
    friendlyName: null,
    attributes: '{}',
    roleSid: DEFAULT_USER_ROLE_SID,
    dateCreated: now,
    dateUpdated: now,
  };
  putUser(ctx.state, user);
  return user;
}

function userParams(u: UserRecord): Record<string, string | undefined> {
  return {
    ChatServiceSid: u.serviceSid,
    UserSid: u.sid,
    Identity: u.identity,
    FriendlyName: u.friendlyName ?? undefined,
    Attributes: u.attributes,
    RoleSid: u.roleSid,
    DateCreated: isoDate(u.dateCreated),
    DateUpdated: isoDate(u.dateUpdated),
  };
}

export type UserFields = { friendlyName?: string; attributes?: string; roleSid?: string };

export function createUser(ctx: Ctx, serviceSid: string, identity: string, fields: UserFields, origin: Origin): UserRecord {
  checkAttributes('user', fields.attributes);
  if (userByIdentity(ctx.state, serviceSid, identity)) throw new TwilioApiError(409, 50201, `User with provided identity already exists: ${identity}`);
  const user = ensureUser(ctx, serviceSid, identity);
  user.friendlyName = fields.friendlyName ?? null;
  user.attributes = fields.attributes ?? '{}';
  user.roleSid = fields.roleSid ?? user.roleSid;
  ctx.events.post(null, user.serviceSid, 'onUserAdded', userParams(user), origin);
  return user;
}

export async function updateUser(ctx: Ctx, user: UserRecord, fields: UserFields, origin: Origin): Promise<UserRecord> {
  checkAttributes('user', fields.attributes);
  const draft = { ...userParams(user), FriendlyName: fields.friendlyName ?? user.friendlyName ?? undefined, Attributes: fields.attributes ?? user.attributes };
  throwIfRejected(await ctx.events.pre(user.serviceSid, 'onUserUpdate', draft, origin));
  if (fields.friendlyName !== undefined) user.friendlyName = fields.friendlyName;
  if (fields.attributes !== undefined) user.attributes = fields.attributes;
  if (fields.roleSid) user.roleSid = fields.roleSid;
  user.dateUpdated = ctx.clock.now();
  ctx.events.post(null, user.serviceSid, 'onUserUpdated', userParams(user), origin);
  return user;
}

/** Deleting a user leaves its participants alone (as the sandbox README says). */
export function removeUser(ctx: Ctx, user: UserRecord): void {
  dropUser(ctx.state, user);
}
