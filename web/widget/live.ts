/** Live delivery of the visitor's messages: a WebSocket subscribed to webchat.<token>; while it is
 * down, a poll every few seconds and reconnection attempts with exponential backoff and jitter. Every
 * (re)subscription is followed by a catch-up poll, so a message published while the socket was
 * closed still arrives. */

export type LiveState = 'connecting' | 'live' | 'polling' | 'stopped';

export interface LiveOptions {
  url: string;
  topic: string;
  /** An event's data on the topic (`{kind: "message", message}`). */
  onEvent: (data: unknown) => void;
  /** Fetches what was missed; called on a timer while the socket is down and after subscribing. */
  poll: () => Promise<void>;
  onState?: (state: LiveState) => void;
  pollIntervalMs?: number;
  socketFactory?: (url: string) => WebSocket;
  random?: () => number;
}

/** 1 s, 2 s, 4 s … capped at 30 s, each scaled by a random 0.5–1.0 so many visitors do not reconnect
 * in lockstep after a restart. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, Math.min(attempt, 15)));
  return Math.round(base * (0.5 + random() / 2));
}

const PING_MS = 25_000;
const SYSTEM_TOPIC = 'system';

function isResync(data: unknown): boolean {
  return !!data && typeof data === 'object' && (data as { type?: unknown }).type === 'resync';
}

export class Live {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private state: LiveState = 'stopped';
  private polling = false;

  constructor(private readonly options: LiveOptions) {}

  get currentState(): LiveState {
    return this.state;
  }

  start(): void {
    if (this.state !== 'stopped') return;
    this.connect();
  }

  stop(): void {
    this.setState('stopped');
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onopen = socket.onclose = socket.onerror = socket.onmessage = null;
      try {
        socket.close();
      } catch {
        // already closed
      }
    }
  }

  private setState(state: LiveState): void {
    if (this.state === state) return;
    this.state = state;
    this.options.onState?.(state);
  }

  private clearTimers(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.reconnectTimer = this.pollTimer = this.pingTimer = null;
  }

  private connect(): void {
    if (this.state !== 'polling') this.setState('connecting');
    let socket: WebSocket;
    try {
      socket = this.options.socketFactory ? this.options.socketFactory(this.options.url) : new WebSocket(this.options.url);
    } catch {
      this.fallBack();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      socket.send(JSON.stringify({ type: 'subscribe', topic: this.options.topic }));
      // Server notices: {"type":"resync"} after the server may have missed events (its cross-node
      // listener reconnected, docs/design/realtime.md) — catch up as after a reconnect.
      socket.send(JSON.stringify({ type: 'subscribe', topic: SYSTEM_TOPIC }));
    };
    socket.onmessage = (event: MessageEvent) => this.onFrame(event.data);
    socket.onerror = () => {
      // onclose follows.
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.fallBack();
    };
  }

  private onFrame(raw: unknown): void {
    if (typeof raw !== 'string') return;
    let frame: { type?: unknown; topic?: unknown; data?: unknown };
    try {
      frame = JSON.parse(raw) as typeof frame;
    } catch {
      return;
    }
    if (frame.type === 'subscribed' && frame.topic === this.options.topic) {
      this.attempt = 0;
      if (this.pollTimer) clearInterval(this.pollTimer);
      this.pollTimer = null;
      if (this.pingTimer) clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => this.socket?.send(JSON.stringify({ type: 'ping' })), PING_MS);
      this.setState('live');
      void this.runPoll();
    } else if (frame.type === 'event' && frame.topic === this.options.topic) {
      this.options.onEvent(frame.data);
    } else if (frame.type === 'event' && frame.topic === SYSTEM_TOPIC && isResync(frame.data)) {
      void this.runPoll();
    } else if (frame.type === 'error') {
      // The topic was refused (an expired token): stay on HTTP.
      const socket = this.socket;
      this.socket = null;
      if (socket) {
        socket.onclose = null;
        socket.close();
      }
      this.fallBack();
    }
  }

  private fallBack(): void {
    if (this.state === 'stopped') return;
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    this.setState('polling');
    if (!this.pollTimer) {
      this.pollTimer = setInterval(() => void this.runPoll(), this.options.pollIntervalMs ?? 3000);
      void this.runPoll();
    }
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const delay = backoffDelay(this.attempt, this.options.random);
    this.attempt += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.state !== 'stopped') this.connect();
    }, delay);
  }

  private async runPoll(): Promise<void> {
    if (this.polling || this.state === 'stopped') return;
    this.polling = true;
    try {
      await this.options.poll();
    } catch {
      // the next tick tries again
    } finally {
      this.polling = false;
    }
  }
}
