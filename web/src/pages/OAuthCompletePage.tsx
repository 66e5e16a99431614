import { Navigate, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ShieldAlert } from 'lucide-react';
import { useSession } from '../auth/session';
import { safeRedirect } from '../lib/format';
import { AuthResult } from '../components/AuthExtras';
import { ButtonLink } from '../components/Button';
import { CardSpinner } from '../components/Spinner';
import { homePathFor, SIGN_IN_PATH } from '../nav/navigation';

/**
 * `/oauth/complete#redirect=/app/…` (or `#error=…&message=…`): the OAuth callback has set the
 * refresh cookie; the session bootstrap (POST /auth/refresh at app start) picks it up.
 */
export function OAuthCompletePage() {
  const { t } = useTranslation();
  const { status, user } = useSession();
  const { hash, search } = useLocation();
  const params = new URLSearchParams(hash.replace(/^#/, '') || search);
  const error = params.get('error');

  if (status === 'loading') return <CardSpinner />;
  if (user && !error) {
    return <Navigate to={safeRedirect(params.get('redirect')) ?? homePathFor(user.role)} replace />;
  }
  return (
    <AuthResult
      icon={ShieldAlert}
      tone="error"
      title={t('auth.oauth.failedTitle')}
      testId="oauth-failed"
      actions={<ButtonLink to={SIGN_IN_PATH}>{t('auth.checkEmail.backToSignIn')}</ButtonLink>}
    >
      <p>{params.get('message') || t('auth.oauth.failedBody')}</p>
    </AuthResult>
  );
}
