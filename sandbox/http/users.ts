// Users over REST: the {Sid} in the path may also be the identity.
import { createUser, removeUser, updateUser, type UserFields } from '../domain/users';
import { userByIdentity } from '../domain/indexes';
import { notFound } from '../errors';
import type { UserRecord } from '../state';
import type { FlatParams } from '../validate';
import { type Handler, str } from './api';
import { page } from './paging';
import { renderUser } from './render';

function findUser(req: Parameters<Handler>[0]): UserRecord {
  const key = req.pathParams.Sid;
  const u = req.ctx.state.users.get(key) ?? userByIdentity(req.ctx.state, req.scope.serviceSid, key);
  if (!u || u.serviceSid !== req.scope.serviceSid) throw notFound('user', req.path);
  return u;
}

const fieldsOf = (params: FlatParams): UserFields => ({
  friendlyName: str(params, 'FriendlyName'),
  attributes: str(params, 'Attributes'),
  roleSid: str(params, 'RoleSid'),
});

const create: Handler = (req) => {
  const user = createUser(req.ctx, req.scope.serviceSid, str(req.params, 'Identity') ?? '', fieldsOf(req.params), req.origin);
  return { status: 201, body: renderUser(req.ctx.state, req.scope, user) };
};

const update: Handler = async (req) => {
  const user = await updateUser(req.ctx, findUser(req), fieldsOf(req.params), req.origin);
  return { status: 200, body: renderUser(req.ctx.state, req.scope, user) };
};

const fetch: Handler = (req) => ({ status: 200, body: renderUser(req.ctx.state, req.scope, findUser(req)) });

const remove: Handler = (req) => {
  removeUser(req.ctx, findUser(req));
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
