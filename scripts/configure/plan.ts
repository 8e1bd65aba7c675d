// The plan: what Twilio holds now, what it should hold, and for each item whether to
// create, update or leave it. Pure: no I/O, so every rule here is unit-tested.
// Comparison is by meaning, not by bytes: HTTP methods ignore case (address
// configurations take "post" but answer "POST") and filter lists ignore order.

export type WebhookScope = 'service' | 'global';

/** Conversations webhooks of a Service (or of the account, `global`). */
export type WebhookSettings = {
  preWebhookUrl: string | null;
  postWebhookUrl: string | null;
  method: string | null;
  filters: string[];
};

type AutoCreationType = 'webhook' | 'studio' | 'default';

export type AutoCreation = {
  enabled: boolean;
  type: AutoCreationType | (string & {});
  conversationServiceSid: string | null;
  webhookUrl: string | null;
  webhookMethod: string | null;
  webhookFilters: string[];
  studioFlowSid: string | null;
};

type AddressType = 'sms' | 'whatsapp';

export type WantedAddress = { type: AddressType; address: string; autoCreation: AutoCreation };

/** An Address Configuration as Twilio lists it (type kept open: messenger, email...). */
export type ExistingAddress = { sid: string; type: string; address: string; autoCreation: AutoCreation };

export type CurrentState = { webhooks: WebhookSettings; addresses: ExistingAddress[] };

export type WantedState = {
  scope: WebhookScope;
  /** The Conversations Service the service-scoped webhooks belong to. */
  serviceSid: string;
  webhooks: WebhookSettings;
  addresses: WantedAddress[];
};

type Difference = { field: string; current: string; wanted: string };

export type WebhooksItem = {
  kind: 'webhooks';
  label: string;
  scope: WebhookScope;
  action: 'update' | 'up to date';
  differences: Difference[];
  wanted: WebhookSettings;
};

export type AddressItem = {
  kind: 'address';
  label: string;
  action: 'create' | 'update' | 'up to date';
  /** The configuration to update; null when one is to be created. */
  sid: string | null;
  differences: Difference[];
  wanted: WantedAddress;
  /** More configurations matched the same address and type: only the first is updated. */
  otherMatches: string[];
};

export type PlanItem = WebhooksItem | AddressItem;

const NONE = '(none)';

const text = (value: string | null | undefined): string => (value === null || value === undefined || value === '' ? NONE : value);
const method = (value: string | null): string => text(value?.toUpperCase());
const filters = (values: readonly string[]): string => (values.length === 0 ? NONE : [...values].sort().join(', '));

function differences(fields: Array<[field: string, current: string, wanted: string]>): Difference[] {
  return fields.filter(([, current, wanted]) => current !== wanted).map(([field, current, wanted]) => ({ field, current, wanted }));
}

function webhookLabel(wanted: WantedState): string {
  return wanted.scope === 'global' ? 'global webhooks' : `service webhooks ${wanted.serviceSid}`;
}

export function planWebhooks(current: WebhookSettings, wanted: WantedState): WebhooksItem {
  const want = wanted.webhooks;
  const diff = differences([
    ['PreWebhookUrl', text(current.preWebhookUrl), text(want.preWebhookUrl)],
    ['PostWebhookUrl', text(current.postWebhookUrl), text(want.postWebhookUrl)],
    ['Method', method(current.method), method(want.method)],
    ['Filters', filters(current.filters), filters(want.filters)],
  ]);
  return { kind: 'webhooks', label: webhookLabel(wanted), scope: wanted.scope, action: diff.length ? 'update' : 'up to date', differences: diff, wanted: want };
}

// Twilio shows WhatsApp addresses with the `whatsapp:` prefix; a configuration made by
// hand without it is still the same sender and must be updated, not duplicated.
const bareAddress = (address: string): string => address.replace(/^whatsapp:/i, '');

function sameAddress(existing: Pick<ExistingAddress, 'type' | 'address'>, wanted: Pick<WantedAddress, 'type' | 'address'>): boolean {
  return existing.type === wanted.type && bareAddress(existing.address) === bareAddress(wanted.address);
}

/** The fields that matter for the wanted kind of autocreation; the others are left as Twilio has them. */
function autoCreationFields(auto: AutoCreation | null, wantedType: string): Array<[string, string]> {
  const fields: Array<[string, string]> = [
    ['AutoCreation.Enabled', auto ? String(auto.enabled) : NONE],
    ['AutoCreation.Type', text(auto?.type)],
    ['AutoCreation.ConversationServiceSid', text(auto?.conversationServiceSid)],
  ];
  if (wantedType === 'studio') fields.push(['AutoCreation.StudioFlowSid', text(auto?.studioFlowSid)]);
  return fields;
}

function addressLabel(address: Pick<WantedAddress, 'type' | 'address'>): string {
  return `address ${address.type} ${address.address}`;
}

export function planAddress(existing: readonly ExistingAddress[], wanted: WantedAddress): AddressItem {
  const matches = existing.filter((candidate) => sameAddress(candidate, wanted));
  const match = matches[0] ?? null;
  const current = autoCreationFields(match?.autoCreation ?? null, wanted.autoCreation.type);
  const want = autoCreationFields(wanted.autoCreation, wanted.autoCreation.type);
  const diff = differences(current.map(([field, value], index) => [field, value, want[index]![1]]));
  const action = match === null ? 'create' : diff.length ? 'update' : 'up to date';
  return {
    kind: 'address',
    label: addressLabel(wanted),
    action,
    sid: match?.sid ?? null,
    differences: diff,
    wanted,
    otherMatches: matches.slice(1).map((m) => m.sid),
  };
}

/** Webhooks first: a number that starts autocreating conversations should find them already wired. */
export function planChanges(current: CurrentState, wanted: WantedState): PlanItem[] {
  return [planWebhooks(current.webhooks, wanted), ...wanted.addresses.map((address) => planAddress(current.addresses, address))];
}

export const needsWrite = (item: PlanItem): boolean => item.action !== 'up to date';
