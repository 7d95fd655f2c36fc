import type { ComponentChildren } from 'preact';
import { ApiError } from '../api/api-client.js';

/** An error as the reader should see it: the API's message, its code for those who look it up. */
export function ErrorNotice({ error, title }: { error: unknown; title?: string }) {
  if (error === undefined || error === null) return null;
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof ApiError ? error.code : undefined;
  const forbidden = error instanceof ApiError && error.status === 403;
  return (
    <div class={`notice ${forbidden ? 'notice-warning' : 'notice-error'}`} role="alert">
      {title ? <strong>{title}: </strong> : null}
      {message}
      {code ? <code class="notice-code">{code}</code> : null}
    </div>
  );
}

export function Notice({
  kind = 'info',
  children,
}: {
  kind?: 'info' | 'warning';
  children: ComponentChildren;
}) {
  return <div class={`notice notice-${kind}`}>{children}</div>;
}

/** A table's "nothing here" row or a panel's placeholder while loading. */
export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" aria-busy="true">
      Loading {what}…
    </p>
  );
}
