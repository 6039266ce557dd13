// History: the talk's events as a timeline, the talk as it stood at a chosen moment (the API's
// asOf query, chosen by slider over the versions or typed as a time), and a diff between two versions.
import { diffLines } from "diff";
import { get, type HistoryEvent, type Page, type TalkAnswer } from "./api";
import { el, failure, table, utc } from "./dom";
import { talkMarkdown } from "./markdown";
import { talkBody, talkTabs } from "./talk";

/** A moment after which the talk was different: the time of one or more applied events. */
interface Version {
  at: string;
  revision: number;
  events: number;
}

export async function historyScreen(view: HTMLElement, id: string): Promise<void> {
  const path = `/v1/talks/${encodeURIComponent(id)}`;
  view.replaceChildren(talkTabs(id, "history"), el("p", { class: "muted" }, "Loading…"));
  let events: HistoryEvent[];
  try {
    events = (await get<Page<HistoryEvent>>(`${path}/history`, { size: 500, include_rejected: "true" })).items;
  } catch (e) {
    view.replaceChildren(talkTabs(id, "history"), failure(`Cannot read the history of ${id}`, e));
    return;
  }
  const versions = versionsOf(events);
  const slider = el("input", { id: "asof-slider", type: "range", min: "0", max: String(Math.max(0, versions.length - 1)), step: "1" });
  slider.value = String(versions.length - 1);
  const asOf = el("input", { id: "asof", type: "text", placeholder: "2019-10-01T16:00:00Z", "aria-label": "as of (ISO-8601 time)" });
  const show = el("button", { id: "asof-show", type: "submit" }, "Show");
  const asOfLabel = el("span", { class: "muted", id: "asof-label" });
  const past = el("div", { id: "asof-view" });
  const from = versionSelect("diff-from", versions, Math.max(0, versions.length - 2));
  const to = versionSelect("diff-to", versions, versions.length - 1);
  const diff = el("pre", { id: "diff", class: "diff" });

  const showAt = async (time: string) => {
    past.replaceChildren(el("p", { class: "muted" }, `Loading the talk as of ${time}…`));
    try {
      const answer = await get<TalkAnswer>(path, { asOf: time });
      asOfLabel.textContent = `as of ${utc(new Date(time).toISOString())}`
        + (answer.valid_from ? ` (this version since ${utc(answer.valid_from)})` : "") + ` · from the ${answer.source}`;
      past.replaceChildren(talkBody(answer.talk));
    } catch (e) {
      asOfLabel.textContent = "";
      past.replaceChildren(failure(`Cannot show the talk as of ${time}`, e));
    }
  };
  const showDiff = async () => {
    const a = versions[Number(from.value)];
    const b = versions[Number(to.value)];
    if (!a || !b) return;
    diff.textContent = "Loading…";
    try {
      const [left, right] = await Promise.all([get<TalkAnswer>(path, { asOf: a.at }), get<TalkAnswer>(path, { asOf: b.at })]);
      const parts = diffLines(talkMarkdown(left.talk), talkMarkdown(right.talk));
      diff.replaceChildren(...parts.map((p) => el("span", { class: p.added ? "added" : p.removed ? "removed" : "same" },
        p.value.split("\n").filter((line, i, all) => i < all.length - 1 || line).map((line) =>
          `${p.added ? "+ " : p.removed ? "- " : "  "}${line}\n`).join(""))));
    } catch (e) {
      diff.replaceChildren(failure("Cannot compare the versions", e));
    }
  };
  slider.addEventListener("input", () => {
    const v = versions[Number(slider.value)];
    if (v) {
      asOf.value = v.at;
      void showAt(v.at);
    }
  });
  const form = el("form", { class: "asof" }, el("label", { for: "asof-slider" }, "Versions "), slider, asOf, show, asOfLabel);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const time = asOf.value.trim();
    if (Number.isNaN(Date.parse(time))) {
      asOfLabel.textContent = `“${time}” is not a time: write it like 2019-10-01T16:00:00Z`;
      return;
    }
    // the slider follows: the last version at or before the typed time
    const at = Date.parse(time);
    slider.value = String(Math.max(0, versions.filter((v) => Date.parse(v.at) <= at).length - 1));
    void showAt(time);
  });
  from.addEventListener("change", () => void showDiff());
  to.addEventListener("change", () => void showDiff());

  view.replaceChildren(
    talkTabs(id, "history"),
    el("h1", {}, "History"),
    el("h2", {}, `Timeline (${events.length} event${events.length === 1 ? "" : "s"})`),
    el("div", { class: "scroll" }, table<HistoryEvent>([
      ["time", (e) => utc(e.occurred_at)],
      ["event", (e) => e.kind],
      ["author", (e) => e.author],
      ["outcome", (e) => el("span", { class: `outcome ${e.outcome}` }, e.outcome + (e.reason ? ` (${e.reason})` : ""))],
      ["revision", (e) => String(e.revision ?? "")],
      ["position", (e) => e.position],
    ], events, { id: "timeline", class: "compact" })),
    el("h2", {}, "The talk as it stood"),
    form,
    past,
    el("h2", {}, "Difference between two versions"),
    el("div", { class: "diff-pick" }, "from ", from, " to ", to),
    diff,
  );
  if (versions.length) {
    asOf.value = versions[versions.length - 1].at;
    void showAt(asOf.value);
    void showDiff();
  }
}

/** @return the distinct times of the applied events, oldest first, with the revision reached then. */
function versionsOf(events: HistoryEvent[]): Version[] {
  const byTime = new Map<string, Version>();
  for (const e of events) {
    if (e.outcome !== "applied") continue;
    const v = byTime.get(e.occurred_at) ?? { at: e.occurred_at, revision: 0, events: 0 };
    v.revision = Math.max(v.revision, e.revision ?? 0);
    v.events++;
    byTime.set(e.occurred_at, v);
  }
  return [...byTime.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

function versionSelect(id: string, versions: Version[], selected: number): HTMLSelectElement {
  const select = el("select", { id }, ...versions.map((v, i) =>
    el("option", { value: String(i) }, `${utc(v.at)} · revision ${v.revision} (${v.events} event${v.events === 1 ? "" : "s"})`)));
  select.value = String(Math.max(0, selected));
  return select;
}
