/** Client-side checks; the server validates again. Values are i18n keys. */
export type ValidationKey =
  | 'auth.validation.emailRequired'
  | 'auth.validation.emailInvalid'
  | 'auth.validation.passwordRequired'
  | 'auth.validation.passwordTooShort'
  | 'auth.validation.nameRequired';

export const MIN_PASSWORD_LENGTH = 8;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateEmail(email: string): ValidationKey | undefined {
  const value = email.trim();
  if (!value) return 'auth.validation.emailRequired';
  if (!EMAIL_RE.test(value)) return 'auth.validation.emailInvalid';
  return undefined;
}

export function validatePassword(password: string, { minLength = 0 } = {}): ValidationKey | undefined {
  if (!password) return 'auth.validation.passwordRequired';
  if (password.length < minLength) return 'auth.validation.passwordTooShort';
  return undefined;
}

export function validateName(name: string): ValidationKey | undefined {
  return name.trim() ? undefined : 'auth.validation.nameRequired';
}
