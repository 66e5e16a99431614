/**
 * English strings — the reference shape. `ru.ts` must have exactly the same keys
 * (enforced by the `Messages` type and by src/i18n/i18n.test.ts).
 */
export const en = {
  app: {
    name: 'X8',
    tagline: 'Sell through the chat apps your customers already use',
  },
  common: {
    loading: 'Loading…',
    retry: 'Try again',
    refresh: 'Refresh',
    signOut: 'Sign out',
    language: 'Language',
    skipToContent: 'Skip to content',
    openMenu: 'Open menu',
    closeMenu: 'Close menu',
    mainNavigation: 'Main navigation',
    backHome: 'Go to home',
  },
  languages: {
    en: 'English',
    ru: 'Русский',
  },
  roles: {
    CLIENT: 'Business',
    MANAGER: 'Account manager',
    ADMIN: 'Administrator',
  },
  nav: {
    dashboard: 'Dashboard',
    conversations: 'Conversations',
    knowledgeBases: 'Knowledge bases',
    media: 'Media',
    integrations: 'Integrations',
    payments: 'Payments',
    calendar: 'Calendar',
    assistant: 'Assistant',
    billing: 'Billing',
    support: 'Support',
    settings: 'Settings',
    myClients: 'My clients',
    overview: 'Overview',
    managers: 'Managers',
    clients: 'Clients',
    assignments: 'Assignments',
    plans: 'Plans',
    channelPools: 'Channel pools',
  },
  sections: {
    dashboard: {
      description: 'How your business is doing across every channel.',
      emptyTitle: 'No activity yet',
      emptyBody:
        'Conversations, leads, payment links, revenue and bookings will be charted here once your first channel is connected.',
    },
    conversations: {
      description: 'Every chat with your customers, on every channel.',
      emptyTitle: 'No conversations yet',
      emptyBody:
        'Messages from WhatsApp, Telegram, Instagram, Messenger, email and web chat will appear here live, with the option to take over from the assistant.',
    },
    knowledgeBases: {
      description: 'The catalogues and FAQs your assistant answers from.',
      emptyTitle: 'No knowledge bases yet',
      emptyBody:
        'Upload a CSV or Excel file with your products, services or FAQ; you will be able to preview, map columns and edit rows here.',
    },
    media: {
      description: 'Photos and the welcome video your assistant can send.',
      emptyTitle: 'No media yet',
      emptyBody: 'Product and service photos and your welcome video will be listed here after upload.',
    },
    integrations: {
      description: 'Connect the channels your customers write to.',
      emptyTitle: 'No channels connected',
      emptyBody:
        'The channels your plan allows will be listed here with their connection status, ready to connect.',
    },
    payments: {
      description: 'Payment links sent to customers and their status.',
      emptyTitle: 'No payments yet',
      emptyBody:
        'Each payment link the assistant sends will be logged here: to whom, the amount, and whether it was paid.',
    },
    calendar: {
      description: 'Deliveries and appointments booked after payment.',
      emptyTitle: 'Nothing booked yet',
      emptyBody:
        'Paid deliveries and appointments, held slots and your availability will be shown here on a calendar.',
    },
    assistant: {
      description: 'Tune how your assistant talks and try it before going live.',
      emptyTitle: 'Assistant not configured yet',
      emptyBody:
        'Prompts and rules for greeting, selection, checkout, after payment and handoff will be edited here.',
    },
    playground: {
      description: 'Chat with your assistant exactly as a customer would.',
      emptyTitle: 'Playground is not ready yet',
      emptyBody:
        'A test chat with your assistant, using your real catalogue and settings, will open here.',
    },
    billing: {
      description: 'Your X8 plan, trial and invoices.',
      emptyTitle: 'No subscription yet',
      emptyBody:
        'Your current plan, channel limits, trial days left and invoices will be shown here, with upgrade options.',
    },
    support: {
      description: 'Talk to your account manager.',
      emptyTitle: 'No messages yet',
      emptyBody:
        'A chat with your manager will open here; the FAQ bot answers common questions right away.',
    },
    settings: {
      description: 'Your profile, language and security.',
      emptyTitle: 'Security settings are on their way',
      emptyBody: 'Password change, two-factor sign-in and account deletion will be available here.',
    },
    myClients: {
      description: 'The businesses assigned to you.',
      emptyTitle: 'No clients assigned yet',
      emptyBody:
        'Businesses you look after will be listed here with their key numbers and connection keys.',
    },
    overview: {
      description: 'How the whole platform is doing.',
      emptyTitle: 'No statistics yet',
      emptyBody:
        'Platform-wide numbers — businesses, conversations, payments and channel health — will be shown here.',
    },
    managers: {
      description: 'Account managers and their portfolios.',
      emptyTitle: 'No managers yet',
      emptyBody: 'Account managers will be listed here with the number of businesses each looks after.',
    },
    clients: {
      description: 'Every business on the platform.',
      emptyTitle: 'No clients yet',
      emptyBody:
        'All businesses will be listed here with their plan, status and manager, ready to be suspended if needed.',
    },
    assignments: {
      description: 'Which manager looks after which business.',
      emptyTitle: 'No assignments yet',
      emptyBody:
        'Assign each business to one account manager here; a business never has two managers.',
    },
    plans: {
      description: 'Subscription plans and their channel limits.',
      emptyTitle: 'No plans yet',
      emptyBody:
        'FREE, SINGLE, DOUBLE, GROWTH, ENTERPRISE and SPECIAL plans will be managed here.',
    },
    channelPools: {
      description: 'WhatsApp gateway servers and Meta apps shared across businesses.',
      emptyTitle: 'No pools configured',
      emptyBody:
        'WhatsApp gateway servers and pre-reviewed Meta apps will be listed here with their load and status.',
    },
  },
  assistant: {
    tabsLabel: 'Assistant sections',
    settingsTab: 'Settings',
    playgroundTab: 'Playground',
  },
  settings: {
    profile: 'Profile',
    name: 'Name',
    email: 'Email',
    role: 'Role',
    languageTitle: 'Language',
    languageHint: 'The interface language is saved on this device.',
  },
  auth: {
    brandHeadline: 'Your shop, answering in every chat',
    brandBody:
      'X8 answers customers on WhatsApp, Telegram, Instagram and more, takes payment and books the slot — while you watch it all here.',
    brandPoint1: 'Answers from your own catalogue',
    brandPoint2: 'Payment links and bookings, automatically',
    brandPoint3: 'Every conversation in one inbox',
    email: 'Email',
    emailPlaceholder: 'you@business.com',
    password: 'Password',
    name: 'Your name',
    namePlaceholder: 'Jane Smith',
    passwordHint: 'At least 8 characters.',
    signIn: {
      title: 'Sign in',
      subtitle: 'Welcome back. Sign in to manage your business.',
      submit: 'Sign in',
      submitting: 'Signing in…',
      noAccount: 'New to X8?',
      link: 'Sign in',
    },
    signUp: {
      title: 'Create your account',
      subtitle: 'Start a 7-day free trial. No card required.',
      submit: 'Create account',
      submitting: 'Creating account…',
      haveAccount: 'Already have an account?',
      link: 'Create an account',
    },
    validation: {
      emailRequired: 'Enter your email address.',
      emailInvalid: 'Enter a valid email address, like name@example.com.',
      passwordRequired: 'Enter your password.',
      passwordTooShort: 'Use at least 8 characters.',
      nameRequired: 'Enter your name.',
      fixErrors: 'Please fix the highlighted fields.',
    },
    errorTitle: 'Could not continue',
    signedInButNoSession: 'Signed in, but your session could not be loaded. Please try again.',
  },
  errors: {
    network: 'Cannot reach the X8 server. Check your connection and try again.',
    generic: 'Something went wrong. Please try again.',
    unavailable: 'This feature is not available on the server yet.',
  },
  status: {
    title: 'System status',
    subtitle: 'Live answers from the X8 server.',
    lastChecked: 'Last checked {{time}}',
    allGood: 'All systems operational',
    degraded: 'Some systems need attention',
    checking: 'Checking…',
    unreachable: 'Server unreachable',
    health: {
      title: 'Health',
      description: 'The server process is running.',
      ok: 'Healthy',
    },
    readiness: {
      title: 'Readiness',
      description: 'The server and its dependencies can serve requests.',
      ready: 'Ready',
      notReady: 'Not ready',
      checks: 'Checks',
      noChecks: 'No individual checks reported.',
    },
    version: {
      title: 'Version',
      description: 'The build of the server you are talking to.',
      version: 'Version',
      commit: 'Commit',
      database: 'Database',
    },
    error: 'Could not load: {{message}}',
    unknown: 'Unknown ({{status}})',
  },
  footer: {
    status: 'System status',
    about: 'About X8',
    copyright: '© {{year}} X8',
  },
  notFound: {
    title: 'Page not found',
    body: 'The page you are looking for does not exist or has moved.',
  },
} as const;

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** The shape every locale must have. */
export type Messages = Widen<typeof en>;
