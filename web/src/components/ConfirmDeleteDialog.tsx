import { useTranslation } from 'react-i18next';
import { errorMessage } from '../auth/errors';
import { Alert } from './Alert';
import { Button } from './Button';
import { Dialog } from './Dialog';

/** The one "delete this?" dialog: Cancel has focus, the danger button runs `onConfirm`, errors show inline. */
export function ConfirmDeleteDialog({
  title,
  body,
  confirmLabel,
  onConfirm,
  onCancel,
  busy,
  error,
}: {
  title: string;
  body: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy: boolean;
  error: unknown;
}) {
  const { t } = useTranslation();
  return (
    <Dialog
      title={title}
      onClose={onCancel}
      size="sm"
      testId="delete-dialog"
      footer={
        <>
          <Button variant="secondary" onClick={onCancel} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button variant="danger" onClick={onConfirm} busy={busy}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <p className="text-sm text-slate-600">{body}</p>
      {error ? (
        <Alert tone="error" className="mt-4">
          {errorMessage(error, t)}
        </Alert>
      ) : null}
    </Dialog>
  );
}
