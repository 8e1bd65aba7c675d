// settleAttribute: one key, read-modify-write, checked after writing.
import { settleAttribute } from '../../../assets/lib/conversations/attribute-writes';

/** A conversation's attributes in memory, as Twilio keeps them: a JSON string, last write wins. */
function store(initial: Record<string, unknown>) {
  let stored = JSON.stringify(initial);
  const writes: string[] = [];
  return {
    read: async () => JSON.parse(stored) as Record<string, unknown>,
    write: async (next: string) => {
      writes.push(next);
      stored = next;
    },
    set: (value: Record<string, unknown>) => {
      stored = JSON.stringify(value);
    },
    writes,
    current: () => JSON.parse(stored) as Record<string, unknown>,
  };
}

describe('settleAttribute', () => {
  it('writes only its key, keeping the others', async () => {
    const s = store({ customer: 'vip', channels: { sms: 1 } });
    const outcome = await settleAttribute('channels', async () => ({ attributes: await s.read(), desired: { sms: 1, chat: 1 } }), s.write);
    expect(outcome).toBe('written');
    expect(s.current()).toEqual({ customer: 'vip', channels: { sms: 1, chat: 1 } });
    expect(s.writes).toHaveLength(1);
  });

  it('writes nothing when the value is already there (a duplicate event)', async () => {
    const s = store({ channels: { chat: 1, sms: 1 } });
    expect(await settleAttribute('channels', async () => ({ attributes: await s.read(), desired: { sms: 1, chat: 1 } }), s.write)).toBe('unchanged');
    expect(s.writes).toHaveLength(0);
  });

  it('writes again when a concurrent writer put back a copy without our key', async () => {
    const s = store({});
    let clobbered = false;
    const write = async (next: string) => {
      await s.write(next);
      // Another post-event read {} before our write and writes its own key now.
      if (!clobbered) {
        clobbered = true;
        s.set({ channels: { sms: 1 } });
      }
    };
    const record = { sentAt: '2026-01-01T00:00:00.000Z', messageSid: 'IM1' };
    expect(await settleAttribute('autoReply', async () => ({ attributes: await s.read(), desired: record }), write)).toBe('written');
    expect(s.current()).toEqual({ channels: { sms: 1 }, autoReply: record });
  });

  it('gives up after 3 writes and says so', async () => {
    const s = store({});
    const write = async (next: string) => {
      await s.write(next);
      s.set({});
    };
    expect(await settleAttribute('k', async () => ({ attributes: await s.read(), desired: 1 }), write)).toBe('unsettled');
    expect(s.writes).toHaveLength(3);
  });

  it('leaves the key alone when nothing is desired', async () => {
    const s = store({ k: 1 });
    expect(await settleAttribute('k', async () => ({ attributes: await s.read(), desired: undefined }), s.write)).toBe('unchanged');
    expect(s.writes).toHaveLength(0);
  });
});
