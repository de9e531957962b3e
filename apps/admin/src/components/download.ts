import { session } from '../app/session';

/**
 * Downloads a file from an /api route with the signed-in user's token (a plain link cannot send the
 * Authorization header). Throws the API's error message when the route refuses.
 */
export async function downloadFile(path: string, filename: string): Promise<void> {
  const token = session.token();
  const response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `Download failed (${response.status})`);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
