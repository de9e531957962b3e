import { modals } from '@mantine/modals';

/** Asks before a destructive action. */
export function confirmAction(title: string, message: string, onConfirm: () => void): void {
  modals.openConfirmModal({
    title,
    children: message,
    labels: { confirm: 'Confirm', cancel: 'Cancel' },
    confirmProps: { color: 'red' },
    onConfirm,
  });
}
