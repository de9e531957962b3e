import { session } from '../../app/session';

/**
 * Downloads a file from an /api route with the session's token (a plain link cannot send the
 * Authorization header). Returns the API's error message when it refused.
 */
export async function downloadWithToken(path: string, fileName: string): Promise<string | null> {
  const token = session.token();
  const response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    return body?.error?.message ?? `Download failed (${response.status})`;
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return null;
}

/** POSTs a CSV file to an /api route with the session's token; returns the JSON answer or the error. */
export async function uploadCsv<T>(path: string, file: File): Promise<{ ok: true; data: T } | { ok: false; error: string }> {
  const token = session.token();
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'text/csv', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: await file.text() });
  const body = (await response.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
  if (!response.ok || !body) return { ok: false, error: body?.error?.message ?? `Upload failed (${response.status})` };
  return { ok: true, data: body };
}
