/** The public web chat API (docs/design/conversations.md, "Public web chat"). No cookies are sent:
 * the visitor token in the body or query is the only credential. */
import { historyUrl, messagesUrl, sessionsUrl } from './config';
import { parseMessage, type ChatMessage } from './messages';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Session {
  visitor_token: string;
  company_name: string;
  conversation_id: string | null;
}

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

async function call(fetchFn: Fetch, url: string, init: RequestInit): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetchFn(url, { ...init, credentials: 'omit', mode: 'cors', cache: 'no-store' });
  } catch (error) {
    throw new ApiError(0, 'network', error instanceof Error ? error.message : 'network error');
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const object = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  if (!response.ok) {
    const error = (object.error ?? {}) as { code?: unknown; message?: unknown };
    throw new ApiError(
      response.status,
      typeof error.code === 'string' ? error.code : 'http_error',
      typeof error.message === 'string' ? error.message : `HTTP ${response.status}`,
    );
  }
  return object;
}

function post(fetchFn: Fetch, url: string, payload: unknown) {
  return call(fetchFn, url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(payload),
  });
}

export async function startSession(fetchFn: Fetch, base: string, key: string, token: string | null): Promise<Session> {
  const body = await post(fetchFn, sessionsUrl(base, key), token ? { visitor_token: token } : {});
  const company = (body.company ?? {}) as { name?: unknown };
  if (typeof body.visitor_token !== 'string') throw new ApiError(500, 'bad_response', 'no visitor token');
  return {
    visitor_token: body.visitor_token,
    company_name: typeof company.name === 'string' ? company.name : '',
    conversation_id: typeof body.conversation_id === 'string' ? body.conversation_id : null,
  };
}

export async function postMessage(
  fetchFn: Fetch,
  base: string,
  key: string,
  token: string,
  text: string,
  clientId: string,
): Promise<ChatMessage | null> {
  const body = await post(fetchFn, messagesUrl(base, key), { visitor_token: token, text, client_id: clientId });
  return parseMessage(body.message);
}

export async function fetchMessages(
  fetchFn: Fetch,
  base: string,
  key: string,
  token: string,
  after: number,
): Promise<ChatMessage[]> {
  const body = await call(fetchFn, historyUrl(base, key, token, after), { method: 'GET' });
  const list = Array.isArray(body.messages) ? body.messages : [];
  return list.map(parseMessage).filter((m): m is ChatMessage => m !== null);
}
