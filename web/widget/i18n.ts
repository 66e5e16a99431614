/** The widget's own strings: English and Russian. */

export type Language = 'en' | 'ru';

const en = {
  open: 'Open chat',
  close: 'Close chat',
  title: 'Chat with us',
  placeholder: 'Write a message…',
  send: 'Send',
  intro: 'Hi! Ask us anything — we answer right here.',
  typing: 'Typing…',
  notSent: 'Not sent. Tap to retry.',
  offline: 'Connection lost. Retrying…',
  unavailable: 'The chat is unavailable right now.',
  you: 'You',
  them: 'Reply',
  messages: 'Messages',
  opensInNewTab: '(opens in a new tab)',
  tooLong: 'The message is too long.',
  newMessage: 'New message',
};

export type Strings = typeof en;

const ru: Strings = {
  open: 'Открыть чат',
  close: 'Закрыть чат',
  title: 'Напишите нам',
  placeholder: 'Напишите сообщение…',
  send: 'Отправить',
  intro: 'Здравствуйте! Задайте вопрос — ответим прямо здесь.',
  typing: 'Печатает…',
  notSent: 'Не отправлено. Нажмите, чтобы повторить.',
  offline: 'Нет соединения. Переподключаемся…',
  unavailable: 'Чат сейчас недоступен.',
  you: 'Вы',
  them: 'Ответ',
  messages: 'Сообщения',
  opensInNewTab: '(откроется в новой вкладке)',
  tooLong: 'Сообщение слишком длинное.',
  newMessage: 'Новое сообщение',
};

/** data-lang wins when it names a known language; else the browser's first en/ru preference; else en. */
export function pickLanguage(dataLang: string | undefined, languages: readonly string[]): Language {
  const explicit = (dataLang ?? '').trim().toLowerCase().slice(0, 2);
  if (explicit === 'en' || explicit === 'ru') return explicit;
  for (const l of languages) {
    const code = l.toLowerCase().slice(0, 2);
    if (code === 'en' || code === 'ru') return code;
  }
  return 'en';
}

export function strings(lang: Language): Strings {
  return lang === 'ru' ? ru : en;
}
