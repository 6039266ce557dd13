// Activity: events per hour, drawn with Chart.js — for one talk (its activity view) and for the
// whole pipeline (the audit view's per-bucket counts, summed per hour of the events' time).
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from "chart.js";
import { get, type AuditReport, type HourCount } from "./api";
import { el, failure } from "./dom";
import { talkTabs } from "./talk";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

const HOUR = 3_600_000;
/** Gaps longer than this are not filled with empty hours: the plot would be mostly nothing. */
const MAX_FILLED_HOURS = 24 * 14;

interface Series {
  label: string;
  color: string;
  perHour: Map<number, number>;
}

export async function talkActivityScreen(view: HTMLElement, id: string): Promise<void> {
  view.replaceChildren(talkTabs(id, "activity"), el("h1", {}, "Activity"), el("p", { class: "muted" }, "Loading…"));
  try {
    const answer = await get<{ items: HourCount[] }>(`/v1/talks/${encodeURIComponent(id)}/activity`);
    const perHour = new Map(answer.items.map((h) => [Date.parse(h.hour), h.events]));
    view.replaceChildren(talkTabs(id, "activity"), el("h1", {}, "Activity"),
      el("p", { class: "muted" }, "Applied events per hour (UTC) of this talk."),
      plot([{ label: "applied events", color: "#3867d6", perHour }]));
  } catch (e) {
    view.replaceChildren(talkTabs(id, "activity"), el("h1", {}, "Activity"), failure("Cannot read the activity", e));
  }
}

export async function pipelineActivityScreen(view: HTMLElement): Promise<void> {
  view.replaceChildren(el("h1", {}, "Pipeline activity"), el("p", { class: "muted" }, "Loading…"));
  try {
    const report = await get<AuditReport>("/v1/audit");
    const published = new Map<number, number>();
    const applied = new Map<number, number>();
    for (const b of report.buckets) {
      const hour = Math.floor(Date.parse(b.bucket_start) / HOUR) * HOUR;
      published.set(hour, (published.get(hour) ?? 0) + b.produced);
      applied.set(hour, (applied.get(hour) ?? 0) + b.views - b.rejected - b.duplicates);
    }
    view.replaceChildren(el("h1", {}, "Pipeline activity"),
      el("p", { class: "muted" }, "Events per hour (UTC) of their time, over every talk: published, and applied by the views "
        + "(handled minus rejected and duplicates), from the audit view."),
      plot([
        { label: "published", color: "#8854d0", perHour: published },
        { label: "applied", color: "#3867d6", perHour: applied },
      ]));
  } catch (e) {
    view.replaceChildren(el("h1", {}, "Pipeline activity"), failure("Cannot read the audit view", e));
  }
}

function plot(series: Series[]): HTMLElement {
  const hours = [...new Set(series.flatMap((s) => [...s.perHour.keys()]))].sort((a, b) => a - b);
  if (!hours.length) {
    return el("p", { class: "muted", id: "activity-empty" }, "No events yet.");
  }
  const span = (hours[hours.length - 1] - hours[0]) / HOUR;
  const axis = span <= MAX_FILLED_HOURS
    ? Array.from({ length: span + 1 }, (_, i) => hours[0] + i * HOUR)
    : hours;
  const canvas = el("canvas", { id: "activity-chart" });
  const box = el("div", { class: "chart" }, canvas);
  // drawn once the canvas is in the page, so Chart.js can size it
  queueMicrotask(() => {
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: axis.map((h) => new Date(h).toISOString().slice(0, 13).replace("T", " ") + ":00"),
        datasets: series.map((s) => ({
          label: s.label,
          data: axis.map((h) => s.perHour.get(h) ?? 0),
          backgroundColor: s.color,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, title: { display: true, text: "events" } } },
      },
    });
    canvas.dataset.points = String(series.reduce((n, s) => n + [...s.perHour.values()].filter((v) => v > 0).length, 0));
  });
  return box;
}
