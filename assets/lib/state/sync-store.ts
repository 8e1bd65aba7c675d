// Shared state between Function invocations, in Twilio Sync (Twilio's own store for it):
// Documents claimed by unique name (a second create fails with 54301, so the first one
// wins, atomically, across every invocation) and updated conditionally (If-Match on the
// revision), and List items appended for counting (each gets the next index, atomically).
// Sync Service: SYNC_SERVICE_SID, else the account's default one (`default`).
// Errors: https://www.twilio.com/docs/api/errors/54301 (unique name exists), 54100 (document
// not found), 54150 (list not found), 54103 (revision mismatch).
import { randomUUID } from 'node:crypto';
import { isJsonObject } from '../common/bounded-json';
import type { Config } from '../platform/config';
import type { TwilioClient } from '../platform/twilio-client';
import { classifyTwilioFailure, isNotFound, mayHaveBeenApplied, twilioErrorCode, TwilioErrorCodes } from '../platform/twilio-errors';

export type StoredDocument = { revision: string; data: Record<string, unknown> };

/** The few operations the state module needs, so that its rules can be tested without Twilio. */
export type StateStore = {
  /**
   * Creates the document; `taken` when another one has the name. A create whose answer was
   * lost (5xx, dropped connection) is told apart by a token written into the data: found
   * with our token, it is ours; with another, taken; not found, created again.
   */
  create(name: string, data: object, ttlSeconds: number): Promise<StoredDocument | 'taken'>;
  fetch(name: string): Promise<StoredDocument | undefined>;
  /** Replaces the data if the revision is still `revision`; `stale` when another write came first, `missing` when it is gone. */
  replace(name: string, data: object, ttlSeconds: number, revision: string): Promise<StoredDocument | 'stale' | 'missing'>;
  remove(name: string): Promise<void>;
  /** Appends to the list (created on first use) and answers the item's index: 0 for the first. */
  append(list: string, data: object, ttlSeconds: number): Promise<number>;
};

function stored(document: { revision: string; data: unknown }): StoredDocument {
  return { revision: document.revision, data: isJsonObject(document.data) ? document.data : {} };
}

// 54301 (the unique name is taken) is one of the classifier's conflicts.
const isTaken = (error: unknown) => classifyTwilioFailure(error)?.kind === 'conflict';
const isStale = (error: unknown) => twilioErrorCode(error) === TwilioErrorCodes.syncRevisionMismatch || (error as { status?: number })?.status === 412;

export function syncServiceSid(config: Pick<Config, 'SYNC_SERVICE_SID'>): string {
  return config.SYNC_SERVICE_SID ?? 'default';
}

export function syncStore(client: TwilioClient, serviceSid: string): StateStore {
  const service = client.sync.v1.services(serviceSid);
  const fetchDocument = async (name: string): Promise<StoredDocument | undefined> => {
    try {
      return stored(await service.documents(name).fetch());
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  };
  return {
    async create(name, data, ttlSeconds) {
      const claim = randomUUID();
      const attempt = async (): Promise<StoredDocument | 'taken' | 'lost'> => {
        try {
          return stored(await service.documents.create({ uniqueName: name, data: { ...data, claim }, ttl: ttlSeconds }));
        } catch (error) {
          if (isTaken(error)) return 'taken';
          if (mayHaveBeenApplied(error)) return 'lost';
          throw error;
        }
      };
      for (let attempts = 1; ; attempts += 1) {
        const created = await attempt();
        if (created !== 'lost') return created;
        const found = await fetchDocument(name);
        if (found) return found.data.claim === claim ? found : 'taken';
        if (attempts === 3) throw new Error(`Sync did not answer the create of ${name}`);
      }
    },
    fetch: fetchDocument,
    async replace(name, data, ttlSeconds, revision) {
      try {
        return stored(await service.documents(name).update({ data, ttl: ttlSeconds, ifMatch: revision }));
      } catch (error) {
        if (isStale(error)) return 'stale';
        if (isNotFound(error)) return 'missing';
        throw error;
      }
    },
    async remove(name) {
      await service
        .documents(name)
        .remove()
        .catch((error: unknown) => {
          if (!isNotFound(error)) throw error;
        });
    },
    async append(list, data, ttlSeconds) {
      const add = async () => (await service.syncLists(list).syncListItems.create({ data, itemTtl: ttlSeconds })).index;
      try {
        return await add();
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
      // First use of this list: create it (someone else may be doing the same), then append.
      await service.syncLists.create({ uniqueName: list, ttl: ttlSeconds }).catch((error: unknown) => {
        if (!isTaken(error)) throw error;
      });
      return add();
    },
  };
}
