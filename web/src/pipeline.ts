// Pipeline: the health the server reports, the audit table with every bucket's status and
// difference, each tier's lag, and the latest rejected events with their reasons. Refreshed every 5 s.
import { get, type AuditBucket, type AuditReport, type Rejected } from "./api";
import { el, failure, table, utc } from "./dom";

export const REFRESH_MS = 5_000;

export async function pipelineScreen(view: HTMLElement): Promise<void> {
  const [health, audit, rejected] = await Promise.allSettled([
    get<Record<string, unknown>>("/health"),
    get<AuditReport>("/v1/audit"),
    get<{ items: Rejected[] }>("/v1/rejected", { limit: 50 }),
  ]);
  view.replaceChildren(
    el("h1", {}, "Pipeline"),
    el("h2", {}, "Health"),
    health.status === "fulfilled" ? healthTable(health.value) : failure("Cannot read /health", health.reason),
    ...(audit.status === "fulfilled" ? auditParts(audit.value) : [failure("Cannot read the audit", audit.reason)]),
    el("h2", {}, "Rejected events"),
    rejected.status === "fulfilled"
      ? rejected.value.items.length
        ? table<Rejected>([
          ["rejected at", (r) => utc(r.rejected_at)],
          ["talk", (r) => el("a", { href: `#/talk/${encodeURIComponent(r.talk_id)}/history` }, r.talk_id)],
          ["event", (r) => r.kind],
          ["author", (r) => r.author],
          ["reason", (r) => r.reason],
          ["detail", (r) => r.detail],
        ], rejected.value.items, { id: "rejected", class: "compact" })
        : el("p", { class: "muted", id: "rejected" }, "No event was rejected.")
      : failure("Cannot read the rejected events", rejected.reason),
    el("p", { class: "muted" }, `Refreshed ${new Date().toISOString().slice(11, 19)} UTC, every ${REFRESH_MS / 1000} s.`),
  );
}

/** Whatever /health answers, flattened to rows: "status UP", or one row per component when it says more. */
function healthTable(health: Record<string, unknown>): HTMLElement {
  const rows: [string, string][] = [];
  const walk = (prefix: string, value: unknown) => {
    if (value && typeof value === "object" && !Array.isArray(value)) {
      Object.entries(value as Record<string, unknown>).forEach(([k, v]) => walk(prefix ? `${prefix}.${k}` : k, v));
    } else {
      rows.push([prefix, typeof value === "string" ? value : JSON.stringify(value)]);
    }
  };
  walk("", health);
  return table<[string, string]>([["", (r) => r[0]], ["", (r) => el("span", { class: `status ${r[1].toLowerCase()}` }, r[1])]],
    rows, { id: "health", class: "compact" });
}

function auditParts(report: AuditReport): HTMLElement[] {
  const s = report.summary;
  const all = s.complete === s.buckets;
  return [
    el("h2", {}, "Audit"),
    el("p", { id: "audit-summary", class: all ? "message ok" : "message" },
      `${s.complete} of ${s.buckets} buckets complete · ${s.pending} pending · ${s.incomplete} incomplete`
        + (all && s.buckets ? " — every event reached every tier" : "") + ` (at ${utc(report.at)})`),
    el("h3", {}, "Lag per tier"),
    report.lag.length ? table<AuditReport["lag"][number]>([
      ["tier", (l) => l.tier], ["topic", (l) => l.topic], ["partition", (l) => String(l.partition)],
      ["committed", (l) => String(l.committed_offset)], ["log end", (l) => String(l.log_end_offset)],
      ["lag", (l) => el("span", { class: l.lag > 0 ? "status pending" : "status up" }, String(l.lag))],
      ["reported", (l) => utc(l.reported_at)],
    ], report.lag, { id: "lag", class: "compact" }) : el("p", { class: "muted", id: "lag" }, "No lag reported yet."),
    el("h3", {}, "Buckets"),
    table<AuditBucket>([
      ["bucket", (b) => utc(b.bucket_start)], ["topic", (b) => b.topic], ["partition", (b) => String(b.partition)],
      ["produced", (b) => String(b.produced)], ["views", (b) => String(b.views)], ["rejected", (b) => String(b.rejected)],
      ["duplicates", (b) => String(b.duplicates)], ["lake", (b) => String(b.lake)], ["warehouse", (b) => String(b.warehouse)],
      ["status", (b) => el("span", { class: `status ${b.status}` }, b.status)], ["difference", (b) => b.difference],
    ], [...report.buckets].sort((a, b) => b.bucket_start.localeCompare(a.bucket_start) || a.partition - b.partition),
    { id: "audit", class: "compact" }),
  ];
}
