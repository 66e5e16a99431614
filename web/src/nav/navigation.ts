import type { LucideIcon } from 'lucide-react';
import {
  Bot,
  CalendarDays,
  ChartColumn,
  CreditCard,
  Gauge,
  Image,
  Layers,
  LifeBuoy,
  LibraryBig,
  MessagesSquare,
  Plug,
  ReceiptText,
  Settings,
  Shuffle,
  Server,
  UserCog,
  Users,
  Briefcase,
  Building2,
  Inbox,
  FlaskConical,
} from 'lucide-react';
import type { Role } from '../api/types';

/** Section ids double as i18n keys: `nav.<id>` and `sections.<id>.*`. */
export type SectionId =
  | 'dashboard'
  | 'companies'
  | 'conversations'
  | 'knowledgeBases'
  | 'media'
  | 'integrations'
  | 'payments'
  | 'calendar'
  | 'assistant'
  | 'playground'
  | 'billing'
  | 'support'
  | 'settings'
  | 'myClients'
  | 'overview'
  | 'managers'
  | 'clients'
  | 'assignments'
  | 'plans'
  | 'channelPools'
  | 'outbox';

export interface NavItem {
  id: SectionId;
  /** Absolute route path. */
  path: string;
  icon: LucideIcon;
}

/** Route prefix of every role's own area. `/settings` and `/status` are shared. */
export const ROLE_BASE: Record<Role, string> = {
  CLIENT: '/app',
  MANAGER: '/manager',
  ADMIN: '/admin',
};

export const SETTINGS_PATH = '/settings';
export const STATUS_PATH = '/status';
export const SIGN_IN_PATH = '/sign-in';
export const SIGN_UP_PATH = '/sign-up';
export const VERIFY_EMAIL_PATH = '/verify-email';
export const MAGIC_LINK_PATH = '/magic-link';
export const MAGIC_LANDING_PATH = '/magic';
export const FORGOT_PASSWORD_PATH = '/forgot-password';
export const RESET_PASSWORD_PATH = '/reset-password';
export const OAUTH_COMPLETE_PATH = '/oauth/complete';

const settings: NavItem = { id: 'settings', path: SETTINGS_PATH, icon: Settings };

export const NAV_ITEMS: Record<Role, readonly NavItem[]> = {
  CLIENT: [
    { id: 'dashboard', path: '/app/dashboard', icon: Gauge },
    { id: 'companies', path: '/app/companies', icon: Building2 },
    { id: 'conversations', path: '/app/inbox', icon: MessagesSquare },
    { id: 'knowledgeBases', path: '/app/knowledge-bases', icon: LibraryBig },
    { id: 'media', path: '/app/media', icon: Image },
    { id: 'integrations', path: '/app/integrations', icon: Plug },
    { id: 'payments', path: '/app/payments', icon: CreditCard },
    { id: 'calendar', path: '/app/calendar', icon: CalendarDays },
    { id: 'assistant', path: '/app/assistant', icon: Bot },
    { id: 'playground', path: '/app/playground', icon: FlaskConical },
    { id: 'billing', path: '/app/billing', icon: ReceiptText },
    { id: 'support', path: '/app/support', icon: LifeBuoy },
    settings,
  ],
  MANAGER: [
    { id: 'myClients', path: '/manager/clients', icon: Briefcase },
    { id: 'conversations', path: '/manager/inbox', icon: MessagesSquare },
    { id: 'knowledgeBases', path: '/manager/knowledge-bases', icon: LibraryBig },
    { id: 'integrations', path: '/manager/integrations', icon: Plug },
    { id: 'payments', path: '/manager/payments', icon: CreditCard },
    { id: 'calendar', path: '/manager/calendar', icon: CalendarDays },
    { id: 'assistant', path: '/manager/assistant', icon: Bot },
    { id: 'playground', path: '/manager/playground', icon: FlaskConical },
    settings,
  ],
  ADMIN: [
    { id: 'overview', path: '/admin/overview', icon: ChartColumn },
    { id: 'managers', path: '/admin/managers', icon: UserCog },
    { id: 'clients', path: '/admin/clients', icon: Users },
    { id: 'assignments', path: '/admin/assignments', icon: Shuffle },
    { id: 'plans', path: '/admin/plans', icon: Layers },
    { id: 'channelPools', path: '/admin/channel-pools', icon: Server },
    settings,
  ],
};

/**
 * The dev outbox exists only while no SMTP server is configured: the admin nav shows it
 * (before Settings) only when `GET /admin/outbox` answers.
 */
export const OUTBOX_NAV_ITEM: NavItem = { id: 'outbox', path: '/admin/outbox', icon: Inbox };

export function navItemsFor(role: Role, { outbox = false } = {}): readonly NavItem[] {
  const items = NAV_ITEMS[role];
  if (role !== 'ADMIN' || !outbox) return items;
  return [...items.slice(0, -1), OUTBOX_NAV_ITEM, ...items.slice(-1)];
}

/** Where a signed-in user lands. */
export function homePathFor(role: Role): string {
  return NAV_ITEMS[role][0]!.path;
}

/** The role whose area a path belongs to, or null for shared/public paths. */
export function roleForPath(pathname: string): Role | null {
  for (const [role, base] of Object.entries(ROLE_BASE) as [Role, string][]) {
    if (pathname === base || pathname.startsWith(`${base}/`)) return role;
  }
  return null;
}
