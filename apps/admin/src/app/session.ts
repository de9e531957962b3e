const TOKEN_KEY = 'perkflow.token';

/** The sign-in token, kept in localStorage so a reload stays signed in. */
export const session = {
  token(): string | null {
    return localStorage.getItem(TOKEN_KEY);
  },
  set(token: string): void {
    localStorage.setItem(TOKEN_KEY, token);
  },
  clear(): void {
    localStorage.removeItem(TOKEN_KEY);
  },
};
