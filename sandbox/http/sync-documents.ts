// Sync Documents (https://www.twilio.com/docs/sync/api/document-resource): create, fetch,
// update, delete (by SID or unique name) and list. Every change is a new revision, sent as the
// ETag too; an update with If-Match naming another revision is refused with 54103 and changes
// nothing, so of N conditional updates of one revision exactly one wins.
import { type Handler, type ApiRequest, int, str } from './api';
import { documentNotFound, documentRevisionMismatch, noParametersSpecified } from '../domain/sync-errors';
import { checkUniqueName, expiryFrom, readData } from '../domain/sync-payload';
import { dropDocument, findDocument, matchesRevision, putDocument, revise } from '../domain/sync';
import { newSid } from '../sids';
import type { SyncDocumentRecord } from '../state';
import { page } from './paging';
import { syncServiceOf } from './sync-service';
import { etag, renderDocument, serviceUrl } from './sync-render';

function documentOf(req: ApiRequest): SyncDocumentRecord {
  syncServiceOf(req);
  const named = req.pathParams.Sid ?? '';
  const document = findDocument(req.ctx.state, named);
  if (!document) throw documentNotFound(named);
  return document;
}

const answer = (req: ApiRequest, status: 200 | 201, document: SyncDocumentRecord) => ({
  status,
  body: renderDocument(req.ctx.state, document),
  headers: etag(document),
});

const create: Handler = (req) => {
  syncServiceOf(req);
  const now = req.ctx.clock.now();
  const uniqueName = checkUniqueName(str(req.params, 'UniqueName'));
  const data = readData(str(req.params, 'Data')) ?? {};
  const dateExpires = expiryFrom(now, [['Ttl', int(req.params, 'Ttl')]]) ?? null;
  const document: SyncDocumentRecord = {
    sid: newSid('ET'),
    uniqueName,
    data,
    revision: 0,
    dateCreated: now,
    dateUpdated: now,
    dateExpires,
    createdBy: 'system',
  };
  putDocument(req.ctx.state, document);
  return answer(req, 201, document);
};

const fetchDocument: Handler = (req) => answer(req, 200, documentOf(req));

const update: Handler = (req) => {
  const document = documentOf(req);
  const now = req.ctx.clock.now();
  const data = readData(str(req.params, 'Data'));
  const dateExpires = expiryFrom(now, [['Ttl', int(req.params, 'Ttl')]]);
  if (data === undefined && dateExpires === undefined) throw noParametersSpecified();
  const ifMatch = req.headers['if-match'];
  if (!matchesRevision(ifMatch, document.revision)) throw documentRevisionMismatch(document.sid, String(ifMatch), document.revision);
  if (data !== undefined) document.data = data;
  if (dateExpires !== undefined) document.dateExpires = dateExpires;
  revise(document, now);
  return answer(req, 200, document);
};

const remove: Handler = (req) => {
  dropDocument(req.ctx.state, documentOf(req));
  return { status: 204 };
};

const list: Handler = (req) => {
  const service = syncServiceOf(req);
  const documents = [...req.ctx.state.syncDocuments.values()];
  const url = `${serviceUrl(service.sid)}/Documents`;
  return { status: 200, body: page(documents, { params: req.params, url, key: 'documents', filters: [] }, (d) => renderDocument(req.ctx.state, d)) };
};

export const syncDocumentHandlers: Record<string, Handler> = {
  CreateDocument: create,
  FetchDocument: fetchDocument,
  UpdateDocument: update,
  DeleteDocument: remove,
  ListDocument: list,
};
