import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { streamState } from '../live/live-events.js';
import { readOnly, signOut } from '../session/session.js';

const NAV: readonly { href: string; label: string }[] = [
  { href: '/', label: 'Overview' },
  { href: '/charge-points', label: 'Charge points' },
  { href: '/transactions', label: 'Transactions' },
  { href: '/id-tags', label: 'Id tags' },
  { href: '/reservations', label: 'Reservations' },
  { href: '/jobs', label: 'Firmware & logs' },
  { href: '/errors', label: 'Errors' },
  { href: '/security-events', label: 'Security events' },
];

const STREAM_TEXT = {
  connecting: 'Connecting…',
  open: 'Live',
  retrying: 'Reconnecting…',
  closed: 'Offline',
} as const;

const isCurrent = (href: string, path: string) =>
  href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);

/** Header, navigation and the page; moves focus to the page's heading after each navigation. */
export function Layout({ children }: { children: ComponentChildren }) {
  const { path } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // A new page: screen readers and keyboards start at its heading, not at the link they left.
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [path]);
  const state = streamState.value;
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href="/">
          Levity
        </a>
        <span class={`stream stream-${state}`} role="status" aria-live="polite" title="The live event stream">
          <span class="stream-dot" aria-hidden="true" /> {STREAM_TEXT[state]}
        </span>
        <button type="button" class="button button-secondary" onClick={() => signOut()}>
          Sign out
        </button>
      </header>
      <nav class="sidebar" aria-label="Main">
        <ul>
          {NAV.map((item) => (
            <li key={item.href}>
              <a href={item.href} aria-current={isCurrent(item.href, path) ? 'page' : undefined}>
                {item.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {readOnly.value ? (
          <div class="notice notice-warning" role="status">
            This token may only read: the server refused a change (403). Actions are disabled; sign in with an
            operator token to act.
          </div>
        ) : null}
        {children}
      </main>
    </div>
  );
}

/** A page's heading (focusable, so that navigation can move focus to it) and its title. */
export function PageTitle({ children, title }: { children: ComponentChildren; title: string }) {
  useEffect(() => {
    document.title = `${title} · Levity`;
  }, [title]);
  return (
    <h1 tabIndex={-1} class="page-title">
      {children}
    </h1>
  );
}
