import type { conversationsEn } from './conversations.en';

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** The shape `conversations.ru.ts` must have. */
export type ConversationsMessages = Widen<typeof conversationsEn>;
