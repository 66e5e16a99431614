import type { calendarEn } from './calendar.en';

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** The shape `calendar.ru.ts` must have. */
export type CalendarMessages = Widen<typeof calendarEn>;
