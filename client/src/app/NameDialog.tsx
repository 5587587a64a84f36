import { useEffect, useRef } from 'react';
import { NameForm } from './NameForm.tsx';

/** Props of {@link NameDialog}. */
export interface NameDialogProps {
  currentName: string;
  onClose(): void;
}

/**
 * "Change name" as a native modal dialog: focus moves in, stays in, Escape closes it and focus
 * returns to the button that opened it.
 */
export function NameDialog({ currentName, onClose }: NameDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} className="dialog" onClose={onClose}>
      <NameForm initialName={currentName} onSaved={onClose} onCancel={onClose} />
    </dialog>
  );
}
