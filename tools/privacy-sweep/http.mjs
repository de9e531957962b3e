// A small HTTP client for the sweep: GraphQL POSTs and plain /api requests against one Perkflow
// instance, each answer kept as text (the leak scan reads the raw body) and as parsed JSON.

/**
 * @param {string} baseUrl e.g. http://127.0.0.1:4000
 * @param {{ timeoutMs?: number }} [options]
 */
export function createClient(baseUrl, { timeoutMs = 60_000 } = {}) {
  const base = baseUrl.replace(/\/+$/, '');
  let requests = 0;

  async function send(method, path, { token, body, contentType } = {}) {
    requests += 1;
    const headers = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (contentType) headers['content-type'] = contentType;
    const response = await fetch(`${base}${path}`, { method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json };
  }

  return {
    baseUrl: base,
    get requests() {
      return requests;
    },
    /** POST /graphql; answers { status, text, json } whatever happened. */
    graphql(query, variables, token) {
      return send('POST', '/graphql', { token, body: JSON.stringify({ query, variables }), contentType: 'application/json' });
    },
    /** Like graphql, but throws on any GraphQL error and returns `data`. */
    async ok(query, variables, token) {
      const answer = await send('POST', '/graphql', { token, body: JSON.stringify({ query, variables }), contentType: 'application/json' });
      if (!answer.json || answer.json.errors?.length || !answer.json.data) {
        const name = /\{\s*(\w+)/.exec(query)?.[1] ?? query.slice(0, 40);
        throw new Error(`privacy sweep set-up: ${name} failed (HTTP ${answer.status}): ${answer.text.slice(0, 600)}`);
      }
      return answer.json.data;
    },
    get(path, token) {
      return send('GET', path, { token });
    },
    post(path, token, body, contentType = 'text/csv') {
      return send('POST', path, { token, body, contentType });
    },
    async login(email, password) {
      const data = await this.ok('mutation($e:String!,$p:String!){ login(email:$e, password:$p){ token } }', { e: email, p: password });
      return data.login.token;
    },
  };
}

/** Runs `tasks` (functions returning promises) with at most `limit` in flight; answers their results in order. */
export async function runLimited(tasks, limit) {
  const results = new Array(tasks.length);
  let next = 0;
  async function worker() {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  return results;
}
