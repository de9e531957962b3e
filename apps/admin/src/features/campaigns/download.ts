import { session } from '../../app/session';
import { downloadFile } from '../../components/download';

/** Downloads a file from an /api route with the session's token; returns the error message when it refused. */
export async function downloadWithToken(path: string, fileName: string): Promise<string | null> {
  return downloadFile(path, fileName).then(
    () => null,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
}

/** POSTs a CSV file to an /api route with the session's token; returns the JSON answer or the error. */
export async function uploadCsv<T>(path: string, file: File): Promise<{ ok: true; data: T } | { ok: false; error: string }> {
  const token = session.token();
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'text/csv', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: await file.text() });
  const body = (await response.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
  if (!response.ok || !body) return { ok: false, error: body?.error?.message ?? `Upload failed (${response.status})` };
  return { ok: true, data: body };
}
