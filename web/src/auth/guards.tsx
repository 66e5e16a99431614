import { Navigate, Outlet, useLocation } from 'react-router-dom';
import type { Role } from '../api/types';
import { homePathFor, SIGN_IN_PATH } from '../nav/navigation';
import { useSession } from './session';
import { FullPageSpinner } from '../components/Spinner';

/** Location state used to come back after signing in. */
export interface FromState {
  from?: string;
}

/** Signed-in users only; others go to sign-in and come back afterwards. */
export function RequireAuth() {
  const { status } = useSession();
  const location = useLocation();
  if (status === 'loading') return <FullPageSpinner />;
  if (status === 'signedOut') {
    const from = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={SIGN_IN_PATH} replace state={{ from } satisfies FromState} />;
  }
  return <Outlet />;
}

/** A route for another role redirects to the user's own home. */
export function RequireRole({ role }: { role: Role }) {
  const { user } = useSession();
  if (!user) return <Navigate to={SIGN_IN_PATH} replace />;
  if (user.role !== role) return <Navigate to={homePathFor(user.role)} replace />;
  return <Outlet />;
}

/** Sign-in / sign-up: signed-in users are sent home (or back where they came from). */
export function PublicOnly() {
  const { status, user } = useSession();
  const location = useLocation();
  if (status === 'loading') return <FullPageSpinner />;
  if (status === 'signedIn' && user) {
    const from = (location.state as FromState | null)?.from;
    return <Navigate to={from && from !== '/' ? from : homePathFor(user.role)} replace />;
  }
  return <Outlet />;
}

/** `/`: home of the signed-in user, otherwise the sign-in page. */
export function HomeRedirect() {
  const { status, user } = useSession();
  if (status === 'loading') return <FullPageSpinner />;
  return <Navigate to={user ? homePathFor(user.role) : SIGN_IN_PATH} replace />;
}
