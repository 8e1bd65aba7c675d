// The console's actions: each form posts to its route, says what happened, and asks for a
// redraw. The sandbox checks every field again; these forms only help to fill them in.
import type { HandoffResult } from '../actions';
import type { Setup } from '../views';
import type { InboundResult } from '../../domain/inbound';
import { ConsoleRequestError, postJson } from './api';
import { byId, renderChoices, say } from './dom';

type Page = { chosen: () => string | undefined; refresh: () => void; open: (sid: string) => void };

const field = (form: HTMLFormElement, name: string) => (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement).value;

/** Empties a message box once its text is sent, unless the user has begun the next one meanwhile. */
function clearSent(id: string, sent: string): void {
  const box = byId<HTMLTextAreaElement>(id);
  if (box.value === sent) box.value = '';
}

function channelOf(form: HTMLFormElement): 'sms' | 'whatsapp' {
  return (form.querySelector('input[name="channel"]:checked') as HTMLInputElement | null)?.value === 'whatsapp' ? 'whatsapp' : 'sms';
}

/** The proxy addresses of the chosen channel, as the To choices. */
export function renderAddresses(setup: Setup): void {
  const form = byId<HTMLFormElement>('inbound-form');
  const choices = setup.addresses.filter((a) => a.type === channelOf(form));
  renderChoices(
    byId<HTMLSelectElement>('inbound-to'),
    choices.map((a) => ({ value: a.address, label: a.address })),
  );
  const failures = Object.entries(setup.deliveryFailures);
  byId('failures').textContent = failures.length
    ? `Failing now: ${failures.map(([to, f]) => `${to} ${f.status} (${f.errorCode})`).join(', ')}`
    : 'Every delivery succeeds.';
}

function onSubmit(id: string, act: (form: HTMLFormElement) => Promise<string>, page: Page): void {
  const form = byId<HTMLFormElement>(id);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type="submit"]') as HTMLButtonElement | null;
    if (button) button.disabled = true;
    act(form)
      .then(say, (error: unknown) => say(error instanceof ConsoleRequestError ? `Refused: ${error.message}` : `Failed: ${String(error)}`))
      .finally(() => {
        if (button) button.disabled = false;
        page.refresh();
      });
  });
}

function describeInbound(result: InboundResult): string {
  if (result.outcome === 'dropped') return `The message was dropped: ${result.reason}`;
  return result.outcome === 'created' ? `A new conversation ${result.conversationSid} was created for it.` : `Delivered into ${result.conversationSid}.`;
}

export function wireForms(page: Page, setup: () => Setup | undefined): void {
  const inbound = byId<HTMLFormElement>('inbound-form');
  inbound.addEventListener('change', () => {
    const current = setup();
    if (current) renderAddresses(current);
  });
  onSubmit(
    'inbound-form',
    async (form) => {
      const body = field(form, 'body');
      const result = await postJson<InboundResult>('/console/api/inbound', {
        channel: channelOf(form),
        from: field(form, 'from'),
        to: field(form, 'to'),
        body,
      });
      if (result.conversationSid) page.open(result.conversationSid);
      clearSent('inbound-body', body);
      return describeInbound(result);
    },
    page,
  );
  onSubmit(
    'chat-form',
    async (form) => {
      const conversationSid = page.chosen();
      const [identity, body] = [field(form, 'identity'), field(form, 'body')];
      await postJson('/console/api/chat', { conversationSid, identity, body });
      clearSent('chat-body', body);
      return `Sent as ${identity}.`;
    },
    page,
  );
  onSubmit(
    'clock-form',
    async (form) => {
      const { now } = await postJson<{ now: string }>('/console/api/clock', { minutes: Number(field(form, 'minutes')) });
      return `The sandbox clock now reads ${new Date(now).toLocaleString()}.`;
    },
    page,
  );
  onSubmit(
    'failure-form',
    async (form) => {
      const status = field(form, 'status');
      const code = field(form, 'errorCode');
      await postJson('/console/api/delivery-failures', {
        address: field(form, 'address'),
        status,
        ...(code && status !== 'none' ? { errorCode: Number(code) } : {}),
      });
      return status === 'none' ? `Deliveries to ${field(form, 'address')} succeed again.` : `Deliveries to ${field(form, 'address')} now end ${status}.`;
    },
    page,
  );
  byId<HTMLButtonElement>('handoff-button').addEventListener('click', () => {
    const button = byId<HTMLButtonElement>('handoff-button');
    button.disabled = true;
    postJson<HandoffResult>('/console/api/handoff', { conversationSid: page.chosen() })
      .then(
        (result) =>
          say(
            result.status === 200
              ? `Handed off: ${JSON.stringify(result.answer)}`
              : `The hand-off answered ${result.status ?? result.error}: ${JSON.stringify(result.answer)}`,
          ),
        (error: unknown) => say(`Refused: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        button.disabled = false;
        page.refresh();
      });
  });
}
