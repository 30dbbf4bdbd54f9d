/** The widget's HTTP calls, to the origin the script was loaded from. Errors carry a code, never the server's text. */

export class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, readonly fields: string[] = []) {
    super(code);
  }
}

interface Problem {
  type?: string;
  errors?: Array<{ field?: string }>;
}

function codeOf(status: number): string {
  if (status === 0) return 'network';
  if (status === 400 || status === 422) return 'invalid';
  if (status === 401) return 'unauthorized';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 413) return 'file-too-large';
  if (status === 415) return 'file-type';
  if (status === 429) return 'rate-limited';
  return 'server';
}

async function problemOf(r: Response): Promise<HttpError> {
  let problem: Problem | null = null;
  try {
    problem = (await r.json()) as Problem;
  } catch {
    problem = null;
  }
  const fields = (problem?.errors ?? []).map((e) => String(e.field ?? '').replace(/^.*\./, ''));
  return new HttpError(r.status, codeOf(r.status), fields);
}

export class ChatApi {
  constructor(readonly base: string) {}

  post<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
    return this.request<T>('POST', path, body, headers);
  }

  get<T>(path: string, headers: Record<string, string> = {}): Promise<T> {
    return this.request<T>('GET', path, undefined, headers);
  }

  /** A JSON request; a 204 answers undefined. */
  async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    let r: Response;
    try {
      r = await fetch(this.base + path, {
        method,
        headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new HttpError(0, 'network');
    }
    if (!r.ok) throw await problemOf(r);
    if (r.status === 204) return undefined as T;
    return (await r.json()) as T;
  }

  /** Uploads a file of the chat with progress (fetch has none); answers its seq. */
  upload(sessionId: string, token: string, clientMessageId: string, file: File,
         progress: (percent: number) => void): Promise<{ seq: number }> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${this.base}/api/chat/sessions/${encodeURIComponent(sessionId)}/attachments?clientMessageId=`
        + `${encodeURIComponent(clientMessageId)}&filename=${encodeURIComponent(file.name || 'file')}`);
      xhr.setRequestHeader('X-Chat-Token', token);
      xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
      xhr.upload.onprogress = (ev) => {
        if (ev.lengthComputable) progress(Math.round((ev.loaded / ev.total) * 100));
      };
      xhr.onload = () => {
        if (xhr.status >= 200 && xhr.status < 300) {
          try {
            resolve(JSON.parse(xhr.responseText) as { seq: number });
          } catch {
            reject(new HttpError(xhr.status, 'server'));
          }
        } else {
          reject(new HttpError(xhr.status, codeOf(xhr.status)));
        }
      };
      xhr.onerror = () => reject(new HttpError(0, 'network'));
      xhr.send(file);
    });
  }

  /** A file of the chat (either side's) as an object URL; the token goes in a header, so no plain link can work. */
  async fileUrl(sessionId: string, token: string, sha256: string): Promise<string> {
    const r = await fetch(`${this.base}/api/chat/sessions/${encodeURIComponent(sessionId)}/files/${encodeURIComponent(sha256)}`,
      { headers: { 'X-Chat-Token': token } });
    if (!r.ok) throw await problemOf(r);
    return URL.createObjectURL(await r.blob());
  }
}
