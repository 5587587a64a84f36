import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import './dialog.css';

/** Props of {@link Dialog}. */
export interface DialogProps {
  /** The heading, which also names the dialog for assistive technology. */
  title: string;
  /** Called on Escape and by the dialog's own buttons; the parent then stops rendering it. */
  onClose(): void;
  children: ReactNode;
  /** `data-testid` of the dialog element. */
  testId?: string;
  /** Room for two fields side by side (forms with several groups). */
  wide?: boolean;
}

/**
 * A modal dialog on the native `<dialog>` element, shown while it is rendered: the browser keeps
 * focus inside it, Escape closes it, and the page behind is inert. Focus goes to its first
 * field when it opens and back to what had it (the button that opened it) when it closes.
 */
export function Dialog({ title, onClose, children, testId, wide = false }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  // Taken while rendering, before anything inside the dialog can take focus.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));

  useLayoutEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      // Removed from the page rather than closed by the browser: give focus back ourselves.
      if (opener?.isConnected) opener.focus();
    };
  }, [opener]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const handleCancel = (event: Event) => {
      event.preventDefault(); // the parent decides: it unmounts the dialog
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', handleCancel);
    return () => dialog.removeEventListener('cancel', handleCancel);
  }, []);

  return (
    <dialog ref={ref} className={wide ? 'dialog dialog--wide' : 'dialog'} aria-labelledby={`${id}-title`} data-testid={testId}>
      <h2 id={`${id}-title`} className="dialog__title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}
