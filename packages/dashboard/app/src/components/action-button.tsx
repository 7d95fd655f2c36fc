import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { readOnly } from '../session/session.js';

interface ActionButtonProps {
  /** What the button does; its failure is reported through `onError`. */
  readonly action: () => Promise<unknown>;
  readonly onError?: (error: unknown) => void;
  readonly onDone?: () => void;
  readonly children: ComponentChildren;
  readonly kind?: 'primary' | 'secondary' | 'danger';
  /** Asked with `confirm()` first, for what cannot be undone. */
  readonly confirm?: string;
  readonly label?: string;
  readonly disabled?: boolean;
}

/**
 * A button that changes something: busy while its request runs, and disabled (saying
 * why) once the server has refused a write with 403 for this token.
 */
export function ActionButton(props: ActionButtonProps) {
  const [busy, setBusy] = useState(false);
  const refused = readOnly.value;
  const onClick = async () => {
    if (props.confirm && !window.confirm(props.confirm)) return;
    setBusy(true);
    try {
      await props.action();
      props.onDone?.();
    } catch (error) {
      props.onError?.(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      class={`button button-${props.kind ?? 'secondary'}`}
      onClick={onClick}
      disabled={busy || refused || props.disabled}
      aria-busy={busy}
      aria-label={props.label}
      title={refused ? 'This token may only read' : undefined}
    >
      {props.children}
    </button>
  );
}
