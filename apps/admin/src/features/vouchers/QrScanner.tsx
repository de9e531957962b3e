import { Alert, Button, Stack } from '@mantine/core';
import { BrowserQRCodeReader, type IScannerControls } from '@zxing/browser';
import { useEffect, useRef, useState } from 'react';

/**
 * Scans a QR code with the device camera (the back camera on a phone) using @zxing/browser, and
 * hands the decoded text over once. The camera stops when a code is read or the scanner closes.
 */
export function QrScanner({ onCode, onClose }: { onCode: (text: string) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let controls: IScannerControls | undefined;
    let stopped = false;
    const reader = new BrowserQRCodeReader();
    reader
      .decodeFromConstraints({ video: { facingMode: 'environment' } }, video.current!, (result, _err, c) => {
        if (result && !stopped) {
          stopped = true;
          c.stop();
          onCode(result.getText());
        }
      })
      .then((c) => {
        controls = c;
        if (stopped) c.stop();
      })
      .catch((e: unknown) => setError(e instanceof Error ? `The camera is not available: ${e.message}` : 'The camera is not available'));
    return () => {
      stopped = true;
      controls?.stop();
    };
  }, [onCode]);
  return (
    <Stack gap="xs">
      {error ? <Alert color="orange">{error}. Type the code instead.</Alert> : <video ref={video} style={{ width: '100%', maxHeight: 320, background: '#000', borderRadius: 8 }} muted playsInline aria-label="Camera" />}
      <Button variant="default" onClick={onClose}>Close camera</Button>
    </Stack>
  );
}
