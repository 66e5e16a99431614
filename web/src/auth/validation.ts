/** Client-side checks; the server validates again. Values are i18n keys. */
export type ValidationKey =
  | 'auth.validation.emailRequired'
  | 'auth.validation.emailInvalid'
  | 'auth.validation.passwordRequired'
  | 'auth.validation.passwordTooShort'
  | 'auth.validation.passwordTooLong'
  | 'auth.validation.passwordsDiffer'
  | 'auth.validation.nameRequired'
  | 'auth.validation.codeIncomplete';

/** docs/design/accounts.md: passwords are 10–128 characters. */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;
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
  if (minLength && password.length > MAX_PASSWORD_LENGTH) return 'auth.validation.passwordTooLong';
  return undefined;
}

/** A new password (sign-up, reset, change): the server's length rules. */
export function validateNewPassword(password: string): ValidationKey | undefined {
  return validatePassword(password, { minLength: MIN_PASSWORD_LENGTH });
}

export function validateName(name: string): ValidationKey | undefined {
  return name.trim() ? undefined : 'auth.validation.nameRequired';
}

export type Strength = 0 | 1 | 2 | 3 | 4;

/** 0 = empty, 1 weak … 4 strong. Length matters most; variety and no repeats help. */
export function passwordStrength(password: string): Strength {
  if (!password) return 0;
  if (password.length < MIN_PASSWORD_LENGTH) return 1;
  let score = 1;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (password.length >= 12) score += 1;
  if (password.length >= 16) score += 1;
  if (classes >= 3) score += 1;
  if (classes <= 1 && password.length < 16) score -= 1;
  if (/^(.)\1+$/.test(password) || /^(0123|1234|password|qwerty)/i.test(password)) score = 1;
  return Math.max(1, Math.min(4, score)) as Strength;
}
