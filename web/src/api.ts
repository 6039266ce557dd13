// Calls to the pipeline's HTTP API, with the token kept in this tab's session storage.

const TOKEN_KEY = "notes.token";

/** An answer the API refused, with its HTTP status and the message of its error JSON. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }

  /** True when the server wants a (different) token. */
  get auth(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

let authListener: (e: ApiError) => void = () => undefined;

/** {@code listener} hears every 401/403, so the page can ask for a token wherever it was refused. */
export function onAuthError(listener: (e: ApiError) => void): void {
  authListener = listener;
}

export function token(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value: string | null): void {
  if (value) {
    sessionStorage.setItem(TOKEN_KEY, value);
  } else {
    sessionStorage.removeItem(TOKEN_KEY);
  }
}

/** GETs {@code path} (with its query) as JSON; throws ApiError on a non-2xx answer. */
export async function get<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== "") {
      params.set(k, String(v));
    }
  }
  const qs = params.toString();
  const headers: Record<string, string> = { Accept: "application/json" };
  const t = token();
  if (t) {
    headers.Authorization = `Bearer ${t}`;
  }
  let response: Response;
  try {
    response = await fetch(qs ? `${path}?${qs}` : path, { headers });
  } catch (e) {
    throw new ApiError(0, `the server cannot be reached (${(e as Error).message})`);
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const message = (body as { message?: string } | null)?.message ?? (text || response.statusText);
    const error = new ApiError(response.status, message);
    if (error.auth) {
      authListener(error);
    }
    throw error;
  }
  return body as T;
}

// The shapes the API answers (see QueryApi, AuditApi).

export interface TalkSummary {
  talk_id: string;
  title: string;
  conference: string | null;
  speakers: string[];
  tags: string[];
  revision: number;
  updated_at: string;
  deleted: boolean;
  score?: number;
}

export interface NoteNode {
  note_id: string;
  text: string;
  children: NoteNode[];
}

export interface Talk extends TalkSummary {
  links: { label: string; url: string }[];
  notes: NoteNode[];
  contributors: { author: string; edits: number }[];
  created_at: string;
}

export interface TalkAnswer {
  talk: Talk;
  stale: boolean;
  source: string;
  valid_from?: string;
}

export interface Page<T> {
  items: T[];
  page: number;
  size: number;
  total: number;
  partial?: boolean;
  stale?: boolean;
}

export interface HistoryEvent {
  event_id: string;
  kind: string;
  author: string;
  occurred_at: string;
  position: string;
  outcome: string;
  reason?: string;
  revision?: number;
}

export interface HourCount {
  hour: string;
  events: number;
}

export interface AuditBucket {
  bucket_start: string;
  bucket_ms: number;
  topic: string;
  partition: number;
  produced: number;
  views: number;
  rejected: number;
  duplicates: number;
  lake: number;
  warehouse: number;
  status: string;
  difference: string;
}

export interface AuditReport {
  at: string;
  summary: { buckets: number; complete: number; pending: number; incomplete: number };
  buckets: AuditBucket[];
  lag: {
    tier: string;
    topic: string;
    partition: number;
    committed_offset: number;
    log_end_offset: number;
    lag: number;
    reported_at: string;
  }[];
}

export interface Rejected {
  talk_id: string;
  kind: string;
  author: string;
  occurred_at: string;
  reason: string;
  detail: string;
  rejected_at: string;
}
