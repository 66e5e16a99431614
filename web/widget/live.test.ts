import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, Live, type LiveState } from './live';
import { FakeSocket } from './testing';

describe('backoffDelay', () => {
  it('doubles from one second up to thirty, with jitter between half and all of it', () => {
    expect(backoffDelay(0, () => 1)).toBe(1000);
    expect(backoffDelay(0, () => 0)).toBe(500);
    expect(backoffDelay(3, () => 1)).toBe(8000);
    expect(backoffDelay(10, () => 1)).toBe(30_000);
    expect(backoffDelay(100, () => 0)).toBe(15_000);
  });
});

describe('Live', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.instances = [];
  });
  afterEach(() => vi.useRealTimers());

  function start() {
    const events: unknown[] = [];
    const states: LiveState[] = [];
    const poll = vi.fn(async () => {});
    const live = new Live({
      url: 'ws://x8.test/ws',
      topic: 'webchat.tok',
      onEvent: (data) => events.push(data),
      onState: (state) => states.push(state),
      poll,
      socketFactory: FakeSocket.factory,
      random: () => 1,
    });
    live.start();
    return { live, events, states, poll };
  }

  it('subscribes to the visitor topic, catches up once and delivers events', async () => {
    const { live, events, poll } = start();
    const socket = FakeSocket.latest();
    expect(socket.url).toBe('ws://x8.test/ws');
    socket.open();
    expect(socket.sent).toEqual([
      { type: 'subscribe', topic: 'webchat.tok' },
      { type: 'subscribe', topic: 'system' },
    ]);
    socket.frame({ type: 'subscribed', topic: 'webchat.tok' });
    expect(live.currentState).toBe('live');
    expect(poll).toHaveBeenCalledTimes(1);
    socket.frame({ type: 'event', topic: 'webchat.tok', data: { kind: 'message', message: { id: 'msg_1' } } });
    socket.frame({ type: 'event', topic: 'other', data: { kind: 'message' } });
    expect(events).toEqual([{ kind: 'message', message: { id: 'msg_1' } }]);
    await vi.advanceTimersByTimeAsync(25_000);
    expect(socket.sent).toContainEqual({ type: 'ping' });
    live.stop();
    expect(socket.closed).toBe(true);
  });

  it('catches up when the server announces a resync on the system topic', async () => {
    const { live, events, poll } = start();
    const socket = FakeSocket.latest();
    socket.open();
    socket.frame({ type: 'subscribed', topic: 'webchat.tok' });
    expect(poll).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(0);
    socket.frame({ type: 'event', topic: 'system', data: { type: 'resync' } });
    await vi.advanceTimersByTimeAsync(0);
    expect(poll).toHaveBeenCalledTimes(2);
    socket.frame({ type: 'event', topic: 'system', data: { notice: 'restart' } });
    await vi.advanceTimersByTimeAsync(0);
    expect(poll).toHaveBeenCalledTimes(2);
    expect(events).toEqual([]);
    expect(live.currentState).toBe('live');
    live.stop();
  });

  it('polls every three seconds while the socket is down and reconnects with backoff', async () => {
    const { live, poll, states } = start();
    FakeSocket.latest().drop();
    expect(live.currentState).toBe('polling');
    expect(poll).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(FakeSocket.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.instances).toHaveLength(2);
    FakeSocket.latest().drop(); // second failure: next try after 2 s
    await vi.advanceTimersByTimeAsync(2000);
    expect(FakeSocket.instances).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(3000);
    expect(poll.mock.calls.length).toBeGreaterThanOrEqual(3);
    const socket = FakeSocket.latest();
    socket.open();
    socket.frame({ type: 'subscribed', topic: 'webchat.tok' });
    const calls = poll.mock.calls.length;
    await vi.advanceTimersByTimeAsync(9000);
    expect(poll.mock.calls.length).toBe(calls); // polling stopped once live again
    expect(states).toEqual(['connecting', 'polling', 'live']);
    live.stop();
  });

  it('stays on HTTP when the topic is refused', async () => {
    const { live } = start();
    const socket = FakeSocket.latest();
    socket.open();
    socket.frame({ type: 'error', error: { code: 'permission_denied', message: 'no' } });
    expect(socket.closed).toBe(true);
    expect(live.currentState).toBe('polling');
    live.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.instances).toHaveLength(1);
  });
});
