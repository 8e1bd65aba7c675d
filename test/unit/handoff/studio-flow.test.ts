// studio/flow.json is importable as it stands and calls /studio/handoff with exactly the
// parameters the function reads (imported from its input module, so the two cannot drift).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HANDOFF_PARAMETERS } from '../../../assets/lib/handoff/input';

type Transition = { event: string; next?: string; conditions?: unknown[] };
type Widget = { name: string; type: string; transitions: Transition[]; properties: Record<string, unknown> };
type Flow = { description: string; states: Widget[]; initial_state: string; flags?: Record<string, unknown> };

const flow = JSON.parse(readFileSync(join(__dirname, '../../../studio/flow.json'), 'utf8')) as Flow;
const widget = (name: string) => flow.states.find((state) => state.name === name);
const ofType = (type: string) => flow.states.filter((state) => state.type === type);
const handoff = () => {
  const found = ofType('run-function');
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('studio/flow.json', () => {
  it('is a Studio flow definition: description, states, an initial Trigger state', () => {
    expect(typeof flow.description).toBe('string');
    expect(flow.initial_state).toBe('Trigger');
    expect(widget('Trigger')?.type).toBe('trigger');
    expect(new Set(flow.states.map((state) => state.name)).size).toBe(flow.states.length);
  });

  it('points every transition at a widget that exists', () => {
    for (const state of flow.states) {
      for (const transition of state.transitions) {
        if (transition.next !== undefined)
          expect([state.name, transition.event, widget(transition.next)?.name]).toEqual([state.name, transition.event, transition.next]);
      }
    }
  });

  it('only refers to widgets that exist in {{widgets.NAME...}} variables', () => {
    const names = JSON.stringify(flow).match(/widgets\.(\w+)/g) ?? [];
    expect(names.length).toBeGreaterThan(0);
    for (const reference of names) expect(widget(reference.slice('widgets.'.length))).toBeDefined();
  });

  it('starts on an incoming conversation message with the menu (send and wait for reply)', () => {
    const start = widget('Trigger')!.transitions.find((t) => t.event === 'incomingConversationMessage');
    expect(start?.next).toBeDefined();
    const menu = widget(start!.next!)!;
    expect(menu.type).toBe('send-and-wait-for-reply');
    expect(menu.properties.body).toEqual(expect.stringContaining('2'));
    expect(menu.transitions.find((t) => t.event === 'incomingMessage')?.next).toBeDefined();
  });

  it('reaches the hand-off from the menu choice', () => {
    const split = ofType('split-based-on')[0]!;
    const targets = split.transitions.map((t) => t.next);
    expect(targets).toContain(handoff().name);
  });

  it('calls /studio/handoff with exactly the parameters the function reads', () => {
    const { properties } = handoff();
    expect(String(properties.url)).toMatch(/^https:\/\/[^/]+\/studio\/handoff$/);
    const parameters = properties.parameters as Array<{ key: string; value: string }>;
    expect(parameters.map((p) => p.key).sort()).toEqual([...HANDOFF_PARAMETERS].sort());
    const value = (key: string) => parameters.find((p) => p.key === key)?.value;
    expect(value('ConversationSid')).toBe('{{trigger.conversation.ConversationSid}}');
    // {{flow.sid}} is the execution (FN...), {{flow.flow_sid}} the flow (FW...).
    expect(value('ExecutionSid')).toBe('{{flow.sid}}');
    expect(value('FlowSid')).toBe('{{flow.flow_sid}}');
  });

  it('leaves the service, environment and function SIDs as placeholders the README explains', () => {
    const { properties } = handoff();
    expect(properties.service_sid).toMatch(/^ZSx+$/);
    expect(properties.environment_sid).toMatch(/^ZEx+$/);
    expect(properties.function_sid).toMatch(/^ZHx+$/);
  });

  it('has Success and Fail branches; Fail apologises to the customer', () => {
    const events = handoff()
      .transitions.map((t) => t.event)
      .sort();
    expect(events).toEqual(['fail', 'success']);
    const failed = widget(handoff().transitions.find((t) => t.event === 'fail')!.next!)!;
    expect(failed.type).toBe('send-message');
    expect(String(failed.properties.body)).toMatch(/sorry/i);
  });
});
