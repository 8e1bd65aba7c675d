// Twilio's action limits: 30 per second per Service for creating and deleting conversations, 30
// per second per conversation for its participants and messages, 429 (20429) beyond, reads free.
import { Clock } from '../../sandbox/clock';
import { bucketOf, RateLimiter, TWILIO_RATE_LIMITS } from '../../sandbox/rate-limits';
import { raw, useSandbox } from '../contract/helpers';

describe('RateLimiter (token buckets on the sandbox clock)', () => {
  it('lets 30 actions a second through per bucket and refills continuously', () => {
    const clock = new Clock();
    const limiter = new RateLimiter(clock, TWILIO_RATE_LIMITS);
    // Frozen real time: the clock moves only when advanced.
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now);
    try {
      const taken = Array.from({ length: 31 }, () => limiter.take('service:IS1'));
      expect(taken.filter(Boolean)).toHaveLength(30);
      expect(limiter.take('conversation:CH1')).toBe(true);
      clock.advance(34);
      expect(limiter.take('service:IS1')).toBe(true);
      expect(limiter.take('service:IS1')).toBe(false);
      clock.advance(1_000);
      expect(Array.from({ length: 31 }, () => limiter.take('service:IS1')).filter(Boolean)).toHaveLength(30);
      limiter.set({ enabled: false });
      expect(Array.from({ length: 100 }, () => limiter.take('service:IS1')).every(Boolean)).toBe(true);
      expect(limiter.take(undefined)).toBe(true);
    } finally {
      jest.restoreAllMocks();
    }
  });

  it.each([
    ['CreateConversation', 'service:IS1'],
    ['DeleteServiceConversation', 'service:IS1'],
    ['CreateServiceConversationWithParticipants', 'service:IS1'],
    ['UpdateUser', 'service:IS1'],
    ['UpdateConversation', 'conversation:CH1'],
    ['CreateServiceConversationMessage', 'conversation:CH1'],
    ['DeleteConversationParticipant', 'conversation:CH1'],
    ['FetchConversation', undefined],
    ['ListConversationMessage', undefined],
    ['CreateConversationScopedWebhook', undefined],
    ['UpdateServiceWebhookConfiguration', undefined],
  ])('%s draws from %s', (operationId, bucket) => {
    expect(bucketOf(operationId, 'IS1', 'CH1')).toBe(bucket);
  });
});

describe('the sandbox at Twilio’s ceiling', () => {
  const t = useSandbox();

  it('answers 429 (20429) to conversation creates beyond 30 a second, and keeps reads free', async () => {
    const answers = await Promise.all(Array.from({ length: 45 }, () => raw(t.sandbox, 'POST', '/v1/Conversations', {})));
    const limited = answers.filter((answer) => answer.status === 429);
    // 30 at once, and at most the few the bucket refilled while the burst was in flight.
    expect(answers.length - limited.length).toBeGreaterThanOrEqual(30);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.body).toMatchObject({ code: 20429, status: 429 });
    expect(limited[0]!.headers.get('retry-after')).toBeNull();
    const reads = await Promise.all(Array.from({ length: 60 }, () => raw(t.sandbox, 'GET', '/v1/Conversations?PageSize=1')));
    expect(reads.every((answer) => answer.status === 200)).toBe(true);
    expect(t.sandbox.faultLog.filter((record) => record.kind === 'rate-limit')).toHaveLength(limited.length);
  });

  it('limits messages per conversation, not across conversations', async () => {
    t.sandbox.advanceClock(2_000);
    const [busy, calm] = await Promise.all([t.client.conversations.v1.conversations.create({}), t.client.conversations.v1.conversations.create({})]);
    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => raw(t.sandbox, 'POST', `/v1/Conversations/${busy.sid}/Messages`, { Body: `m${i}` })));
    expect(burst.some((answer) => answer.status === 429)).toBe(true);
    const other = await raw(t.sandbox, 'POST', `/v1/Conversations/${calm.sid}/Messages`, { Body: 'fine' });
    expect(other.status).toBe(201);
  });
});
