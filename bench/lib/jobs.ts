// The jobs the benchmarks time: each endpoint the way this project does it, and the same
// job done the way Twilio's samples do it (one await after another), for comparison.
import { randomUUID } from 'node:crypto';
import { postSignedForm } from '../../sandbox/testing/functions-runtime';
import { signSession } from '../../assets/lib/auth/session';
import { SESSION_SECRET, ORIGIN } from '../../sandbox/testing/fixtures';
import { FLOW_SID, SMS_PROXY, type BenchStack } from './bench-stack';
import { startFileServer, type FileServer } from '../../sandbox/testing/file-server';

export type Job = {
  name: string;
  /** Sequential Twilio round trips on the critical path: the target each endpoint is built to (docs/architecture.md, "Performance"). */
  target: number | null;
  /** Runs before each timed run, with no latency injected. */
  prepare?: (stack: BenchStack) => Promise<unknown>;
  run: (stack: BenchStack, prepared: unknown) => Promise<{ status: number }>;
};

let sequence = 0;
/** A fresh, valid US number for every use, so no run ever conflicts with another. */
export const freshNumber = () => `+1415555${String(1000 + ((sequence += 1) % 9000)).padStart(4, '0')}`;
const freshIdentity = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

const participantsFor = (count: number) =>
  Array.from({ length: count }, (_, index) =>
    index % 2 === 0 ? { channel: 'chat', identity: freshIdentity('member') } : { channel: 'sms', address: freshNumber() },
  );

async function emptyConversation(stack: BenchStack): Promise<string> {
  const created = await stack.post('/participants/onboard', { participants: [{ channel: 'chat', identity: freshIdentity('owner') }] });
  return created.body.conversationSid as string;
}

/** A message sent to an SMS customer (one receipt), for /conversations/messages/receipts. */
async function messageToSmsCustomer(stack: BenchStack): Promise<{ conversationSid: string; messageSid: string }> {
  const created = await stack.post('/participants/onboard', { participants: [{ channel: 'sms', address: freshNumber() }] });
  const sent = await stack.post('/conversations/messages/send', { conversationSid: created.body.conversationSid, body: 'Your order shipped' });
  return { conversationSid: created.body.conversationSid as string, messageSid: sent.body.messageSid as string };
}

// One local file server for the media-by-URL job (127.0.0.1: the stack runs in sandbox mode).
let files: Promise<FileServer> | undefined;

async function conversationAndFile(stack: BenchStack): Promise<{ sid: string; url: string }> {
  files ??= startFileServer({ unref: true });
  const [sid, server] = await Promise.all([emptyConversation(stack), files]);
  return { sid, url: `${server.url}/logo.png` };
}

/** A guest chat started the way a web page starts one: its session, for /webchat/end. */
async function guestSession(stack: BenchStack): Promise<string> {
  const started = await stack.post('/webchat/start', {}, { Origin: ORIGIN });
  return started.body.sessionToken as string;
}

/** A form POST signed the way Twilio and Studio sign theirs. */
export function signedForm(stack: BenchStack, path: string, params: Record<string, string>, functions = stack.functions) {
  return postSignedForm(`${functions.url}${path}`, stack.sandbox.authToken, params);
}

const session = () => signSession('bench-user', 3600, { secret: SESSION_SECRET }).token;

export const OUR_JOBS: Job[] = [
  { name: 'token', target: 0, run: (stack) => stack.post('/token', {}, { Authorization: `Bearer ${session()}` }) },
  { name: 'webchat/start (no question, no bot)', target: 2, run: (stack) => stack.post('/webchat/start', {}, { Origin: ORIGIN }) },
  {
    name: 'webchat/start (question + bot)',
    target: 3,
    run: (stack) => stack.post('/webchat/start', { question: 'Where is my order?' }, { Origin: ORIGIN }, { bot: true }),
  },
  { name: 'onboard, new conversation, 1 participant', target: 1, run: (stack) => stack.post('/participants/onboard', { participants: participantsFor(1) }) },
  { name: 'onboard, new conversation, 5 participants', target: 1, run: (stack) => stack.post('/participants/onboard', { participants: participantsFor(5) }) },
  { name: 'onboard, new conversation, 10 participants', target: 1, run: (stack) => stack.post('/participants/onboard', { participants: participantsFor(10) }) },
  {
    name: 'onboard, existing conversation, 5 participants',
    target: 1,
    prepare: emptyConversation,
    run: (stack, sid) => stack.post('/participants/onboard', { conversationSid: sid, participants: participantsFor(5) }),
  },
  {
    name: 'onboard, address bound elsewhere (reuse)',
    target: 2,
    prepare: async (stack) => {
      const address = freshNumber();
      await stack.post('/participants/onboard', { participants: [{ channel: 'sms', address }] });
      return address;
    },
    run: (stack, address) =>
      stack.post('/participants/onboard', {
        participants: [
          { channel: 'sms', address },
          { channel: 'chat', identity: freshIdentity('joiner') },
        ],
      }),
  },
  {
    name: 'messages, send',
    target: 1,
    prepare: emptyConversation,
    run: (stack, sid) => stack.post('/conversations/messages/send', { conversationSid: sid, body: 'Your order shipped' }),
  },
  {
    name: 'messages, send with idempotencyKey',
    target: 3,
    prepare: emptyConversation,
    run: (stack, sid) =>
      stack.post('/conversations/messages/send', { conversationSid: sid, body: 'Your order shipped', idempotencyKey: `bench-${randomUUID()}` }),
  },
  {
    name: 'messages, send with mediaUrl',
    target: 2,
    prepare: conversationAndFile,
    run: (stack, prepared) => {
      const { sid, url } = prepared as { sid: string; url: string };
      return stack.post('/conversations/messages/send', { conversationSid: sid, body: 'Your invoice', mediaUrl: url });
    },
  },
  {
    name: 'messages, history (one page)',
    target: 1,
    prepare: emptyConversation,
    run: (stack, sid) => stack.get('/conversations/messages/history', { conversationSid: sid as string }),
  },
  {
    name: 'messages, receipts',
    // The message, its receipts and the participants in parallel.
    target: 1,
    prepare: messageToSmsCustomer,
    run: (stack, sids) => stack.get('/conversations/messages/receipts', sids as { conversationSid: string; messageSid: string }),
  },
  { name: 'close', target: 2, prepare: emptyConversation, run: (stack, sid) => stack.post('/conversations/close', { conversationSid: sid }) },
  {
    name: 'webchat/end (no notice)',
    // 2 inside the conversation's attributes lock (take + release).
    target: 4,
    prepare: guestSession,
    run: (stack, session) => stack.post('/webchat/end', {}, { Authorization: `Bearer ${session}` }),
  },
  {
    name: 'webchat/end with notice',
    target: 5,
    prepare: guestSession,
    run: (stack, session) => stack.post('/webchat/end', { notice: 'The visitor left.' }, { Authorization: `Bearer ${session}` }),
  },
  {
    name: 'transcript (one page)',
    target: 1,
    prepare: emptyConversation,
    run: (stack, sid) => stack.get('/conversations/transcript', { conversationSid: sid as string }),
  },
  {
    name: 'list, by customer (page + latest messages)',
    target: 2,
    prepare: async (stack) => {
      const address = freshNumber();
      await stack.post('/participants/onboard', { participants: [{ channel: 'sms', address }] });
      return address;
    },
    run: (stack, address) => stack.get('/conversations/list', { address: address as string, channel: 'sms' }),
  },
  { name: 'list, the Service (20 + latest messages)', target: 2, run: (stack) => stack.get('/conversations/list', { state: 'active' }) },
  {
    name: 'fetch, by conversationSid',
    target: 1,
    prepare: emptyConversation,
    run: (stack, sid) => stack.get('/conversations/fetch', { conversationSid: sid as string }),
  },
  {
    name: 'fetch, by uniqueName',
    target: 2,
    prepare: async (stack) => {
      const uniqueName = freshIdentity('bench-order');
      await stack.post('/participants/onboard', { uniqueName, participants: [{ channel: 'chat', identity: freshIdentity('owner') }] });
      return uniqueName;
    },
    run: (stack, uniqueName) => stack.get('/conversations/fetch', { uniqueName: uniqueName as string }),
  },
  {
    name: 'conversations/update, attributes + name + state (one update under the lock)',
    target: 4,
    prepare: emptyConversation,
    run: (stack, sid) =>
      stack.post('/conversations/update', { conversationSid: sid, attributes: { priority: 'high' }, friendlyName: 'Order 42', state: 'inactive' }),
  },
  {
    name: 'conversations/update, name + state only',
    target: 2,
    prepare: emptyConversation,
    run: (stack, sid) => stack.post('/conversations/update', { conversationSid: sid, friendlyName: 'Order 42', state: 'inactive' }),
  },
  {
    name: 'participants/update by participantSid',
    target: 4,
    prepare: async (stack) => {
      const sid = await emptyConversation(stack);
      const listed = await stack.client.conversations.v1.services(stack.sandbox.serviceSid).conversations(sid).participants.list();
      return { sid, participantSid: listed[0]!.sid };
    },
    run: (stack, prepared) => {
      const { sid, participantSid } = prepared as { sid: string; participantSid: string };
      return stack.post('/participants/update', { conversationSid: sid, participantSid, attributes: { tier: 'gold' } });
    },
  },
  {
    name: 'participants/remove, 4 by identity and address',
    target: 2,
    prepare: async (stack) => {
      const participants = participantsFor(4);
      const created = await stack.post('/participants/onboard', { participants });
      return { sid: created.body.conversationSid as string, participants };
    },
    run: (stack, prepared) => {
      const { sid, participants } = prepared as { sid: string; participants: ReturnType<typeof participantsFor> };
      return stack.post('/participants/remove', { conversationSid: sid, participants });
    },
  },
  {
    name: 'participants/remove, 2 and close',
    target: 3,
    prepare: async (stack) => {
      const participants = participantsFor(2);
      const created = await stack.post('/participants/onboard', { participants });
      return { sid: created.body.conversationSid as string, participants };
    },
    run: (stack, prepared) => {
      const { sid, participants } = prepared as { sid: string; participants: ReturnType<typeof participantsFor> };
      return stack.post('/participants/remove', { conversationSid: sid, participants, close: true });
    },
  },
  {
    name: 'webhook, pre-event onMessageAdd',
    target: 0,
    prepare: emptyConversation,
    run: (stack, sid) =>
      signedForm(stack, '/conversations/webhook', {
        AccountSid: stack.sandbox.accountSid,
        EventType: 'onMessageAdd',
        Source: 'SMS',
        ConversationSid: sid as string,
        Body: 'card 4111 1111 1111 1111',
        Author: '+14155550123',
      }),
  },
  {
    name: 'webhook, onConversationAdded: the bot attached once',
    // the look for a studio webhook; the claim; the attach; the claim's record (timers alongside).
    target: 4,
    prepare: emptyConversation,
    run: (stack, sid) =>
      signedForm(
        stack,
        '/conversations/webhook',
        {
          AccountSid: stack.sandbox.accountSid,
          EventType: 'onConversationAdded',
          Source: 'SMS',
          ConversationSid: sid as string,
          'MessagingBinding.Address': freshNumber(),
          'MessagingBinding.ProxyAddress': SMS_PROXY,
        },
        stack.botFunctions,
      ),
  },
];

/** The way Twilio's samples onboard: create the conversation, then each participant, one await at a time. */
export function naiveOnboard(count: number): Job {
  return {
    name: `onboard ${count} participant${count === 1 ? '' : 's'}`,
    target: null,
    run: async (stack) => {
      const service = stack.client.conversations.v1.services(stack.sandbox.serviceSid);
      const conversation = await service.conversations.create({ friendlyName: 'naive' });
      for (const participant of participantsFor(count)) {
        if ('identity' in participant) await service.conversations(conversation.sid).participants.create({ identity: participant.identity });
        else
          await service
            .conversations(conversation.sid)
            .participants.create({ 'messagingBinding.address': participant.address, 'messagingBinding.proxyAddress': SMS_PROXY });
      }
      return { status: 200 };
    },
  };
}

/** The way the web-chat sample starts a chat: conversation, participant, message, bot, each awaited. */
export const naiveWebchat: Job = {
  name: 'webchat start (question + bot)',
  target: null,
  run: async (stack) => {
    const service = stack.client.conversations.v1.services(stack.sandbox.serviceSid);
    const identity = freshIdentity('guest');
    const conversation = await service.conversations.create({ friendlyName: 'Web chat' });
    await service.conversations(conversation.sid).participants.create({ identity });
    await service.conversations(conversation.sid).messages.create({ author: identity, body: 'Where is my order?', xTwilioWebhookEnabled: 'true' });
    await service.conversations(conversation.sid).webhooks.create({ target: 'studio', 'configuration.flowSid': FLOW_SID });
    return { status: 200 };
  },
};

export const OUR_EQUIVALENTS: Record<string, Job> = {
  'onboard 1 participant': OUR_JOBS.find((job) => job.name === 'onboard, new conversation, 1 participant')!,
  'onboard 5 participants': OUR_JOBS.find((job) => job.name === 'onboard, new conversation, 5 participants')!,
  'onboard 10 participants': OUR_JOBS.find((job) => job.name === 'onboard, new conversation, 10 participants')!,
  'webchat start (question + bot)': OUR_JOBS.find((job) => job.name === 'webchat/start (question + bot)')!,
};
