import fc from 'fast-check';
import { readChatCompletion, readWebhookAnswer } from '../../../assets/lib/agent/answer';

const choice = (message: object, finish_reason: string | null = 'stop') => ({
  choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason }],
});

describe('readChatCompletion', () => {
  it('reads a reply, trimmed, without a local model’s thinking', () => {
    expect(readChatCompletion(choice({ content: '  Hello!  ' }))).toEqual({ kind: 'reply', text: 'Hello!' });
    expect(readChatCompletion(choice({ content: '<think>the user wants\nhelp</think>\nSure.' }))).toEqual({ kind: 'reply', text: 'Sure.' });
    expect(readChatCompletion(choice({ content: [{ type: 'text', text: 'Part ' }, { type: 'image_url' }, { type: 'text', text: 'two' }] }))).toEqual({
      kind: 'reply',
      text: 'Part two',
    });
  });

  it('reads the hand-off tool call, with its reason from JSON-string or object arguments', () => {
    const call = (args: unknown) =>
      choice({ content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'handoff_to_human', arguments: args } }] }, 'tool_calls');
    expect(readChatCompletion(call('{"reason":"refund"}'))).toEqual({ kind: 'handoff', reason: 'refund' });
    expect(readChatCompletion(call({ reason: 'object form' }))).toEqual({ kind: 'handoff', reason: 'object form' });
    expect(readChatCompletion(call('not json'))).toEqual({ kind: 'handoff' });
    expect(readChatCompletion(call(`{"reason":"${'x'.repeat(1000)}"}`))).toEqual({ kind: 'handoff', reason: 'x'.repeat(256) });
    expect(readChatCompletion(call(`${'['.repeat(50)}${']'.repeat(50)}`))).toEqual({ kind: 'handoff' });
  });

  it.each([
    ['a refusal', choice({ content: null, refusal: 'I cannot help with that.' }), 'refusal'],
    ['a content filter stop', choice({ content: 'partial' }, 'content_filter'), 'refusal'],
    ['a cut-off answer', choice({ content: 'Half an ans' }, 'length'), 'truncated'],
    ['an empty answer', choice({ content: '   ' }), 'empty'],
    ['only thinking', choice({ content: '<think>hmm</think>' }), 'empty'],
    ['no content', choice({ content: null }), 'empty'],
    ['another tool only', choice({ content: null, tool_calls: [{ function: { name: 'delete_everything', arguments: '{}' } }] }), 'empty'],
    ['no choices', { choices: [] }, 'malformed'],
    ['an error body', { error: { message: 'quota exceeded' } }, 'malformed'],
    ['a string', 'hello', 'malformed'],
    ['null', null, 'malformed'],
    ['content of the wrong type', choice({ content: 42 }), 'malformed'],
    ['a huge content', choice({ content: 'x'.repeat(40_000) }), 'malformed'],
    ['too many tool calls', choice({ tool_calls: Array.from({ length: 20 }, () => ({ function: { name: 'x' } })) }), 'malformed'],
  ])('refuses %s as a failure', (_what, body, cause) => {
    expect(readChatCompletion(body)).toEqual({ kind: 'failed', cause });
  });

  it('never throws and never answers anything but a reply, a hand-off or a failure, whatever the JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const answer = readChatCompletion(value);
        expect(['reply', 'handoff', 'failed']).toContain(answer.kind);
        if (answer.kind === 'reply') expect(answer.text.trim()).not.toBe('');
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => void readWebhookAnswer(value)),
      { numRuns: 500 },
    );
  });
});

describe('readWebhookAnswer', () => {
  it.each([
    [{ reply: 'Hi!' }, { kind: 'reply', text: 'Hi!' }],
    [{ handoff: true }, { kind: 'handoff' }],
    [
      { handoff: { reason: 'billing' }, reply: 'ignored' },
      { kind: 'handoff', reason: 'billing' },
    ],
    [
      { handoff: false, reply: 'Still me.' },
      { kind: 'reply', text: 'Still me.' },
    ],
    [{}, { kind: 'failed', cause: 'empty' }],
    [{ reply: '' }, { kind: 'failed', cause: 'empty' }],
    [{ reply: 7 }, { kind: 'failed', cause: 'malformed' }],
    [{ handoff: 'yes' }, { kind: 'failed', cause: 'malformed' }],
    [[], { kind: 'failed', cause: 'malformed' }],
  ])('reads %j', (body, expected) => {
    expect(readWebhookAnswer(body)).toEqual(expected);
  });
});
