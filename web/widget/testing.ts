/** Test doubles for the widget's tests: a scriptable WebSocket and an in-memory web chat server. */

export class FakeSocket {
  static instances: FakeSocket[] = [];
  sent: unknown[] = [];
  closed = false;
  onopen: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }

  static latest(): FakeSocket {
    const socket = FakeSocket.instances[FakeSocket.instances.length - 1];
    if (!socket) throw new Error('no socket was opened');
    return socket;
  }

  static factory = (url: string) => new FakeSocket(url) as unknown as WebSocket;

  send(text: string): void {
    this.sent.push(JSON.parse(text));
  }

  close(): void {
    this.closed = true;
  }

  // Server side.
  open(): void {
    this.onopen?.(new Event('open'));
  }

  frame(value: unknown): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(value) }));
  }

  drop(): void {
    this.closed = true;
    this.onclose?.(new CloseEvent('close'));
  }
}
