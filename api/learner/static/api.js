// The learner-token API, as the page calls it: nothing else is reachable with a learner token, and nothing in
// its payloads is more than the learner may see (api/attempts/schemas.py).

export class ApiProblem extends Error {
  constructor(status, body, headers) {
    super((body && body.detail) || `HTTP ${status}`);
    this.status = status;
    this.type = (body && body.type) || "";
    this.body = body;
    this.headers = headers;
  }

  /** Worth sending again later: the server was unreachable or said so (503, 429, a gateway's 502/504). */
  get transient() {
    return this.status >= 500 || this.status === 429 || this.status === 408;
  }
}

/** No HTTP answer at all (the server is down, the network is gone). */
export class NetworkError extends Error {
  get transient() {
    return true;
  }
}

export function learnerApi(attemptId, token) {
  async function call(method, path, body) {
    const headers = { Authorization: `Bearer ${token}`, Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(`/api/v1/attempts/${attemptId}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store",
        credentials: "omit",
        referrerPolicy: "no-referrer",
      });
    } catch (error) {
      throw new NetworkError(String(error && error.message ? error.message : error));
    }
    const text = await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    if (!response.ok) throw new ApiProblem(response.status, data, response.headers);
    return data;
  }

  return {
    attempt: () => call("GET", ""),
    clock: () => call("GET", "/clock"),
    save: (position, response, seq) => call("PUT", `/questions/${position}/response`, { response, seq }),
    check: (position) => call("POST", `/questions/${position}/check`),
    submit: () => call("POST", "/submit"),
  };
}
