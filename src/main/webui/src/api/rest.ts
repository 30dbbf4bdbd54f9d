import { session } from './session';

/** A refused or failed call: the service's problem+json (RFC 9457), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(readonly status: number, readonly type: string, readonly title: string, readonly detail: string,
              readonly retryAfter?: number, readonly errors: FieldError[] = []) {
    super(detail || title);
  }
}

/** One field a 400 `validation` problem names (`username`, `skills[billing]`, `answerTargets[0].seconds`). */
export interface FieldError { field: string; message: string }

type Body = object | FormData | undefined;

async function call<T>(method: string, path: string, body?: Body, headers: Record<string, string> = {}): Promise<T> {
  const token = session.get()?.token;
  const init: RequestInit = { method, headers: { accept: 'application/json, application/problem+json', ...headers } };
  if (token) (init.headers as Record<string, string>).authorization = `Bearer ${token}`;
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'network', 'network', String(e));
  }
  if (response.status === 401 && token) {
    // The token expired or was revoked (signed out elsewhere, roles changed): back to the sign-in.
    session.set(null);
  }
  if (!response.ok) {
    let problem: { type?: string; title?: string; detail?: string; errors?: FieldError[] } = {};
    try {
      problem = await response.json();
    } catch {
      // not problem+json (a proxy's page): keep the status
    }
    const retry = Number(response.headers.get('retry-after')) || undefined;
    throw new ApiError(response.status, slug(problem.type), problem.title ?? response.statusText,
      problem.detail ?? '', retry, Array.isArray(problem.errors) ? problem.errors : []);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The last path segment of a problem type URI (`…/problems/opted-out` → `opted-out`). */
function slug(type: string | undefined): string {
  if (!type) return 'unknown';
  return type.substring(type.lastIndexOf('/') + 1);
}

export const rest = {
  get: <T>(path: string) => call<T>('GET', path),
  post: <T>(path: string, body?: Body, headers?: Record<string, string>) => call<T>('POST', path, body ?? {}, headers),
  put: <T>(path: string, body?: Body) => call<T>('PUT', path, body ?? {}),
  patch: <T>(path: string, body?: Body) => call<T>('PATCH', path, body ?? {}),
  delete: <T>(path: string) => call<T>('DELETE', path),
};

/** Fetches a file the API serves behind the token (attachments, fax PDFs) as an object URL for the page. */
export async function blobUrl(path: string): Promise<string> {
  const token = session.get()?.token;
  const response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new ApiError(response.status, 'download', response.statusText, path);
  return URL.createObjectURL(await response.blob());
}

/**
 * Fetches a file the API answers behind the token as CSV or the like (a report's download) and answers its object
 * URL with the Content-Disposition header, for a link that saves it under the service's file name.
 */
export async function download(path: string): Promise<{ url: string; disposition: string | null }> {
  const token = session.get()?.token;
  const response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (response.status === 401 && token) session.set(null);
  if (!response.ok) throw new ApiError(response.status, 'download', response.statusText, path);
  return { url: URL.createObjectURL(await response.blob()), disposition: response.headers.get('content-disposition') };
}
