// Users: one per identity per service. Adding a chat participant creates its User
// implicitly, as Twilio does. The {Sid} in the path may also be the identity.
import { type Ctx, type Handler, str } from '../api';
import { isoDate } from '../clock';
import { notFound, TwilioApiError } from '../errors';
import type { Origin } from '../events';
import { page } from '../paging';
import { throwIfRejected } from '../rejection';
import { newSid } from '../sids';
import type { UserRecord } from '../state';
import { checkAttributes } from './conversations';
import { renderUser } from './render';

const DEFAULT_USER_ROLE_SID = 'RL00000000000000000000000000000001';

export function ensureUser(ctx: Ctx, serviceSid: string, identity: string): UserRecord {
  const existing = [...ctx.state.users.values()].find((u) => u.serviceSid === serviceSid && u.identity === identity);
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
  ctx.state.users.set(user.sid, user);
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

function findUser(req: Parameters<Handler>[0]): UserRecord {
  const key = req.pathParams.Sid;
  const u = req.ctx.state.users.get(key) ?? [...req.ctx.state.users.values()].find((x) => x.identity === key && x.serviceSid === req.scope.serviceSid);
  if (!u || u.serviceSid !== req.scope.serviceSid) throw notFound('user', req.path);
  return u;
}

const create: Handler = (req) => {
  const identity = str(req.params, 'Identity') ?? '';
  const attributes = str(req.params, 'Attributes');
  checkAttributes(attributes);
  if ([...req.ctx.state.users.values()].some((u) => u.serviceSid === req.scope.serviceSid && u.identity === identity)) {
    throw new TwilioApiError(409, 50201, `User with provided identity already exists: ${identity}`);
  }
  const user = ensureUser(req.ctx, req.scope.serviceSid, identity);
  user.friendlyName = str(req.params, 'FriendlyName') ?? null;
  user.attributes = attributes ?? '{}';
  user.roleSid = str(req.params, 'RoleSid') ?? user.roleSid;
  req.ctx.events.post(null, user.serviceSid, 'onUserAdded', userParams(user), req.origin);
  return { status: 201, body: renderUser(req.ctx.state, req.scope, user) };
};

const update: Handler = async (req) => {
  const user = findUser(req);
  const attributes = str(req.params, 'Attributes');
  checkAttributes(attributes);
  const friendlyName = str(req.params, 'FriendlyName');
  const origin: Origin = req.origin;
  throwIfRejected(
    await req.ctx.events.pre(
      user.serviceSid,
      'onUserUpdate',
      { ...userParams(user), FriendlyName: friendlyName ?? user.friendlyName ?? undefined, Attributes: attributes ?? user.attributes },
      origin,
    ),
  );
  if (friendlyName !== undefined) user.friendlyName = friendlyName;
  if (attributes !== undefined) user.attributes = attributes;
  const roleSid = str(req.params, 'RoleSid');
  if (roleSid) user.roleSid = roleSid;
  user.dateUpdated = req.ctx.clock.now();
  req.ctx.events.post(null, user.serviceSid, 'onUserUpdated', userParams(user), origin);
  return { status: 200, body: renderUser(req.ctx.state, req.scope, user) };
};

const fetch: Handler = (req) => ({ status: 200, body: renderUser(req.ctx.state, req.scope, findUser(req)) });

const remove: Handler = (req) => {
  req.ctx.state.users.delete(findUser(req).sid);
  return { status: 204 };
};

const list: Handler = (req) => {
  const items = [...req.ctx.state.users.values()].filter((u) => u.serviceSid === req.scope.serviceSid);
  return {
    status: 200,
    body: page(items, { params: req.params, url: `${req.scope.base}/Users`, key: 'users', filters: [] }, (u) => renderUser(req.ctx.state, req.scope, u)),
  };
};

export const userHandlers: Record<string, Handler> = {
  CreateUser: create,
  CreateServiceUser: create,
  FetchUser: fetch,
  FetchServiceUser: fetch,
  UpdateUser: update,
  UpdateServiceUser: update,
  DeleteUser: remove,
  DeleteServiceUser: remove,
  ListUser: list,
  ListServiceUser: list,
};
