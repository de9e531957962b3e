import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import type { OperationResult } from 'urql';
import { errorMessage } from '../app/api-errors';

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

/** Asks, then runs a mutation and reports how it went (the API's message when it refused). */
export function confirmMutation(title: string, message: string, run: () => Promise<OperationResult>, outcome: { success: string; onDone?: () => void }): void {
  confirmAction(title, message, () => {
    void run().then((result) => {
      if (result.error) {
        notifications.show({ color: 'red', title: `${title} failed`, message: errorMessage(result.error) });
        return;
      }
      notifications.show({ color: 'green', message: outcome.success });
      outcome.onDone?.();
    });
  });
}
