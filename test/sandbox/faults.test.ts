// Fault injection: fixed latency, 429 (20429), 503 and dropped connections at a rate,
// deterministic with a seed; set by options, setFaults() or POST /sandbox/faults.
import { clientFor, raw, useSandbox } from '../contract/helpers';

async function statuses(url: string, auth: string, n: number): Promise<Array<number | 'drop'>> {
  const out: Array<number | 'drop'> = [];
  for (let i = 0; i < n; i += 1) {
    try {
      const response = await fetch(`${url}/v1/Conversations`, { headers: { Authorization: auth, Connection: 'close' } });
      await response.text();
      out.push(response.status);
    } catch {
      out.push('drop');
    }
  }
  return out;
}

describe('Fault injection', () => {
  const t = useSandbox();
  const auth = () => `Basic ${Buffer.from(`${t.sandbox.accountSid}:${t.sandbox.authToken}`).toString('base64')}`;
  afterEach(() => t.sandbox.setFaults({ latencyMs: 0, rate429: 0, rate5xx: 0, rateDrop: 0, appliedRate: 0.5 }));

  it('adds a fixed latency to every API request (166 ms = Twilio measured)', async () => {
    t.sandbox.setFaults({ latencyMs: 166 });
    const started = performance.now();
    await t.client.conversations.v1.conversations.list();
    expect(performance.now() - started).toBeGreaterThanOrEqual(160);
    const sandboxRoute = performance.now();
    await raw(t.sandbox, 'GET', '/sandbox/state');
    expect(performance.now() - sandboxRoute).toBeLessThan(150);
  });

  it('answers 429 with code 20429 at the given rate, deterministically for a seed', async () => {
    t.sandbox.setFaults({ rate429: 1 });
    const limited = await fetch(`${t.sandbox.url}/v1/Conversations`, { headers: { Authorization: auth() } });
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ code: 20429, status: 429 });

    t.sandbox.setFaults({ rate429: 0.5, seed: 42 });
    const first = await statuses(t.sandbox.url, auth(), 30);
    t.sandbox.setFaults({ seed: 42 });
    const again = await statuses(t.sandbox.url, auth(), 30);
    expect(again).toEqual(first);
    const limitedCount = first.filter((s) => s === 429).length;
    expect(limitedCount).toBeGreaterThan(5);
    expect(limitedCount).toBeLessThan(25);
  });

  it('answers 503 at the given rate, and may have applied the action first (like Twilio)', async () => {
    t.sandbox.setFaults({ rate5xx: 1, appliedRate: 1 });
    const before = t.sandbox.state.conversations.size;
    const response = await raw(t.sandbox, 'POST', '/v1/Conversations', { FriendlyName: 'applied anyway' });
    expect([response.status, response.body?.code]).toEqual([503, 20503]);
    expect(t.sandbox.state.conversations.size).toBe(before + 1);
    expect(t.sandbox.faultLog.at(-1)).toMatchObject({ kind: '503', applied: true, method: 'POST', path: '/v1/Conversations' });
    t.sandbox.setFaults({ appliedRate: 0 });
    await raw(t.sandbox, 'POST', '/v1/Conversations', { FriendlyName: 'not applied' });
    expect(t.sandbox.state.conversations.size).toBe(before + 1);
  });

  it('drops connections without an answer at the given rate', async () => {
    t.sandbox.setFaults({ rateDrop: 1 });
    await expect(fetch(`${t.sandbox.url}/v1/Conversations`, { headers: { Authorization: auth(), Connection: 'close' } })).rejects.toThrow();
    expect(t.sandbox.faultLog.at(-1)?.kind).toBe('drop');
  });

  it('lets the functions client ride out 429s: it retries them', async () => {
    t.sandbox.setFaults({ rate429: 0.5, seed: 7 });
    const client = clientFor(t.sandbox, { deadlineMs: 8_000 });
    const faultsBefore = t.sandbox.faultLog.length;
    for (let i = 0; i < 5; i += 1) await client.conversations.v1.conversations.list({ limit: 1 });
    expect(t.sandbox.faultLog.length).toBeGreaterThan(faultsBefore);
  });

  it('is configurable through POST /sandbox/faults, which validates rates', async () => {
    const set = await raw(t.sandbox, 'POST', '/sandbox/faults', { LatencyMs: '5', Rate5xx: '0.25', Seed: '1' });
    expect(set.body).toMatchObject({ latencyMs: 5, rate5xx: 0.25 });
    const bad = await raw(t.sandbox, 'POST', '/sandbox/faults', { Rate429: '2' });
    expect(bad.status).toBe(400);
  });
});

describe('Fault options at start', () => {
  const t = useSandbox({ faults: { latencyMs: 30 } });

  it('applies the latency given to startSandbox', async () => {
    const started = performance.now();
    await t.client.conversations.v1.conversations.list();
    expect(performance.now() - started).toBeGreaterThanOrEqual(28);
  });
});
