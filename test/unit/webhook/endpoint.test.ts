// The webhook dispatcher: the handler table, the pre-event budget, and what is answered
// for unknown, unhandled and failing events. REST-calling handlers are covered end to end
// (test/integration/webhook*.test.ts) against the sandbox.
import { readConfig } from '../../../assets/lib/platform/config';
import { HttpError } from '../../../assets/lib/http/errors';
import { RequestLog } from '../../../assets/lib/http/log';
import { answerWebhook, runPreHandler } from '../../../assets/lib/webhook/endpoint';
import { isPreEventType, parseWebhookEvent, type KnownEvent } from '../../../assets/lib/webhook/events';
import { HANDLED_WEBHOOK_EVENTS } from '../../../assets/lib/webhook/handlers';
import { captureLogLines } from '../../support/log-capture';
import { baseEnv } from '../../../sandbox/testing/fixtures';
import { EVENT_FORMS } from '../../../sandbox/testing/webhook-fixtures';

const config = readConfig({ ...baseEnv, BLOCKED_PATTERNS: '["forbidden"]' });
const logLines = captureLogLines();

const noTwilio = () => {
  throw new Error('no REST call expected');
};

async function answer(params: Record<string, unknown>) {
  const log = new RequestLog('conversations/webhook');
  try {
    return await answerWebhook({ config, params, log, twilio: noTwilio });
  } finally {
    log.finish({});
  }
}

describe('answerWebhook', () => {
  it('answers an unknown event 200 {} and logs it', async () => {
    expect(await answer({ ...EVENT_FORMS.onMessageAdd, EventType: 'onTypingStarted' })).toEqual({ status: 200, body: {} });
    expect(logLines()[0]).toMatchObject({ event: 'onTypingStarted', action: 'ignored_unknown_event', problem: 'not a Conversations event type' });
  });

  it('answers a malformed known event 200 {} (a 4xx would block the user)', async () => {
    expect(await answer({ ...EVENT_FORMS.onMessageAdd, ConversationSid: '' })).toEqual({ status: 200, body: {} });
    expect(logLines()[0]).toMatchObject({ action: 'ignored_unknown_event', problem: 'missing ConversationSid' });
  });

  it.each(Object.keys(EVENT_FORMS).filter((type) => !(HANDLED_WEBHOOK_EVENTS as readonly string[]).includes(type)))(
    'answers unhandled %s 200 {} without a REST call',
    async (type) => {
      expect(await answer(EVENT_FORMS[type as keyof typeof EVENT_FORMS])).toEqual({ status: 200, body: {} });
      expect(logLines()[0]).toMatchObject({ event: type, action: 'not_handled' });
    },
  );

  it('answers the policy change of a pre-event', async () => {
    const redacted = { status: 200, body: { body: 'pay [card •••• 1111]' } };
    expect(await answer({ ...EVENT_FORMS.onMessageAdd, Body: 'pay 4111111111111111' })).toEqual(redacted);
    expect(logLines()[0]).toMatchObject({ event: 'onMessageAdd', action: 'redacted', conversationSid: EVENT_FORMS.onMessageAdd.ConversationSid });
  });

  it('throws the policy rejection for the endpoint to render as 4xx', async () => {
    await expect(answer({ ...EVENT_FORMS.onMessageAdd, Body: 'forbidden words' })).rejects.toMatchObject({ status: 422, code: 'message_blocked' });
  });

  it('ignores post-events of another Conversations Service (global webhooks)', async () => {
    const other = { ...EVENT_FORMS.onDeliveryUpdated, ChatServiceSid: 'IS' + 'f'.repeat(32), Status: 'failed' };
    expect(await answer(other)).toEqual({ status: 200, body: {} });
    expect(logLines()[0]).toMatchObject({ action: 'ignored_other_service' });
  });

  it.each(HANDLED_WEBHOOK_EVENTS.filter(isPreEventType))('makes no REST call for %s (the client would throw)', async (type) => {
    await expect(answer(EVENT_FORMS[type])).resolves.toMatchObject({ status: 200 });
  });
});

describe('runPreHandler', () => {
  const event = parseWebhookEvent(EVENT_FORMS.onMessageAdd) as KnownEvent;
  const run = (handler: Parameters<typeof runPreHandler>[0], budgetMs?: number) => {
    const log = new RequestLog('t');
    return runPreHandler(handler, event, { config }, log, budgetMs).finally(() => log.finish({}));
  };

  it('publishes unchanged when the handler runs out of its budget', async () => {
    const slow = () => new Promise<never>(() => undefined);
    expect(await run(slow, 20)).toEqual({ status: 200, body: {} });
    expect(logLines()[0]).toMatchObject({ action: 'publish_unchanged', handlerFailure: 'timeout' });
  });

  it('publishes unchanged when the handler throws, even an HttpError (only an explicit reject rejects)', async () => {
    expect(
      await run(() => {
        throw new HttpError('invalid_request', 'y');
      }),
    ).toEqual({ status: 200, body: {} });
    expect(
      await run(async () => {
        throw new TypeError('bug');
      }),
    ).toEqual({ status: 200, body: {} });
    expect(logLines().map((line) => line.handlerFailure)).toEqual(['HttpError', 'TypeError']);
  });
});
