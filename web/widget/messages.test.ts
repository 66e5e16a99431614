import { describe, expect, it } from 'vitest';
import {
  awaitingReply,
  confirmLocal,
  isLinkPayload,
  isSafeUrl,
  lastSeq,
  localMessage,
  markFailed,
  mergeMessages,
  newClientId,
  parseMessage,
  quickRepliesOwner,
  resolveUrl,
  type ChatMessage,
} from './messages';

function server(seq: number, over: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: `msg_${seq}`,
    seq,
    direction: 'out',
    author: 'assistant',
    text: `reply ${seq}`,
    buttons: [],
    media_urls: [],
    attachments: [],
    created_at: seq * 1000,
    ...over,
  };
}

describe('parseMessage', () => {
  it('reads the server shape and ignores what a visitor must not see', () => {
    const m = parseMessage({
      id: 'msg_1',
      conversation_id: 'conv_1',
      seq: 3,
      direction: 'out',
      author: 'assistant',
      text: 'Hello',
      buttons: [{ title: 'Roses', payload: 'roses' }, { title: 'Pay', payload: 'https://x8.test/pay/sandbox/ps_1' }, { nope: 1 }],
      media_urls: ['https://x8.test/a.jpg', 3],
      attachments: [{ kind: 'image', url: 'https://x8.test/b.jpg', mime_type: 'image/jpeg', file_name: 'b.jpg' }],
      status: 'sent',
      created_at: 5,
    });
    expect(m).toMatchObject({ id: 'msg_1', seq: 3, text: 'Hello', media_urls: ['https://x8.test/a.jpg'] });
    expect(m?.buttons).toHaveLength(2);
    expect(m?.attachments[0]?.url).toBe('https://x8.test/b.jpg');
  });

  it('refuses notes and things that are not messages', () => {
    expect(parseMessage({ id: 'msg_1', seq: 1, direction: 'note', text: 'internal' })).toBeNull();
    expect(parseMessage({ id: 'msg_1' })).toBeNull();
    expect(parseMessage('msg_1')).toBeNull();
    expect(parseMessage(null)).toBeNull();
  });
});

describe('mergeMessages', () => {
  it('orders by seq and replaces a message with the same id', () => {
    const list = mergeMessages([server(2)], [server(1), server(3)]);
    expect(list.map((m) => m.seq)).toEqual([1, 2, 3]);
    const again = mergeMessages(list, [server(2, { text: 'edited' })]);
    expect(again.map((m) => m.text)).toEqual(['reply 1', 'edited', 'reply 3']);
  });

  it('does not duplicate what arrives twice (socket and poll)', () => {
    let list = mergeMessages([], [server(1)]);
    list = mergeMessages(list, [server(1), server(2)]);
    list = mergeMessages(list, [server(2)]);
    expect(list.map((m) => m.id)).toEqual(['msg_1', 'msg_2']);
  });

  it('keeps local messages after server ones until confirmed', () => {
    let list = mergeMessages([server(1)], [localMessage('c1', 'two roses', 10)]);
    list = mergeMessages(list, [server(2)]);
    expect(list.map((m) => m.id)).toEqual(['msg_1', 'msg_2', 'local:c1']);
    list = confirmLocal(list, 'c1', server(3, { direction: 'in', author: 'customer', text: 'two roses' }));
    expect(list.map((m) => m.id)).toEqual(['msg_1', 'msg_2', 'msg_3']);
    expect(list[2]?.client_id).toBe('c1');
  });

  it('takes the place of a pending local message when the server copy arrives first', () => {
    let list = mergeMessages([], [localMessage('c1', 'hi', 1)]);
    list = mergeMessages(list, [server(1, { direction: 'in', author: 'customer', text: 'hi' }), server(2)]);
    expect(list.map((m) => m.id)).toEqual(['msg_1', 'msg_2']);
    // …and the POST answer afterwards changes nothing.
    list = confirmLocal(list, 'c1', server(1, { direction: 'in', author: 'customer', text: 'hi' }));
    expect(list.map((m) => m.id)).toEqual(['msg_1', 'msg_2']);
  });

  it('drops notes', () => {
    expect(mergeMessages([], [server(1, { direction: 'note' })])).toEqual([]);
  });
});

describe('failures and state', () => {
  it('marks a local message failed and back', () => {
    let list = [localMessage('c1', 'hi', 1)];
    list = markFailed(list, 'c1');
    expect(list[0]).toMatchObject({ failed: true, pending: false });
    expect(awaitingReply(list)).toBe(false);
    list = markFailed(list, 'c1', false);
    expect(list[0]).toMatchObject({ failed: false, pending: true });
    expect(awaitingReply(list)).toBe(true);
  });

  it('lastSeq ignores local messages', () => {
    expect(lastSeq([])).toBe(0);
    expect(lastSeq([server(4), server(7), localMessage('c', 'x', 1)])).toBe(7);
  });

  it('quick replies belong to the newest business message only', () => {
    const withButtons = server(2, { buttons: [{ title: 'Yes', payload: 'yes' }] });
    expect(quickRepliesOwner([server(1), withButtons])).toBe('msg_2');
    expect(quickRepliesOwner([withButtons, server(3, { direction: 'in', author: 'customer' })])).toBeNull();
    const linkOnly = server(4, { buttons: [{ title: 'Pay', payload: 'https://x8.test/pay' }] });
    expect(quickRepliesOwner([linkOnly])).toBeNull();
  });

  it('knows links from quick replies and safe addresses from others', () => {
    expect(isLinkPayload('https://x8.test/pay/sandbox/ps_1')).toBe(true);
    expect(isLinkPayload('HTTP://x8.test')).toBe(true);
    expect(isLinkPayload('add roses')).toBe(false);
    expect(isSafeUrl('javascript:alert(1)')).toBe(false);
    expect(isSafeUrl('data:image/png;base64,AA')).toBe(false);
    expect(isSafeUrl('https://x8.test/a.jpg')).toBe(true);
  });

  it('resolves server-relative media against the X8 server, not the embedding site', () => {
    expect(resolveUrl('/media/users/usr_1/images/rose.jpg', 'https://x8.test')).toBe('https://x8.test/media/users/usr_1/images/rose.jpg');
    expect(resolveUrl('https://cdn.test/a.jpg', 'https://x8.test')).toBe('https://cdn.test/a.jpg');
    expect(resolveUrl('javascript:alert(1)', 'https://x8.test')).toBeNull();
    expect(resolveUrl('data:image/png;base64,AA', 'https://x8.test')).toBeNull();
  });

  it('makes v4 ids with or without crypto', () => {
    const shape = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(newClientId()).toMatch(shape);
    expect(newClientId(undefined)).toMatch(shape);
    expect(newClientId()).not.toBe(newClientId());
  });
});
