// Talks: the list with filters and paging, and a fuzzy search as you type (the API's trigram search).
import { get, type Page, type TalkSummary } from "./api";
import { el, failure, utc } from "./dom";

const PAGE_SIZE = 10;
const FILTERS = ["conference", "speaker", "tag"] as const;

export function talksScreen(view: HTMLElement, params: URLSearchParams): void {
  const state = {
    q: params.get("q") ?? "",
    page: Number(params.get("page") ?? "0") || 0,
    conference: params.get("conference") ?? "",
    speaker: params.get("speaker") ?? "",
    tag: params.get("tag") ?? "",
  };
  const search = el("input", { id: "search", type: "search", placeholder: "Search titles, speakers, tags, notes (typos are fine)", "aria-label": "Search" });
  search.value = state.q;
  const inputs = FILTERS.map((f) => {
    const input = el("input", { id: `filter-${f}`, placeholder: f, "aria-label": f, list: `values-${f}` });
    input.value = state[f];
    return input;
  });
  const lists = FILTERS.map((f) => el("datalist", { id: `values-${f}` }));
  const results = el("div", { id: "talks" });
  const pager = el("div", { class: "pager" });
  view.replaceChildren(
    el("h1", {}, "Talks"),
    el("div", { class: "filters" }, search, ...inputs, ...lists),
    results,
    pager,
  );

  let timer: number | undefined;
  let generation = 0;
  const refresh = async () => {
    const mine = ++generation;
    const filters = { conference: state.conference, speaker: state.speaker, tag: state.tag };
    history.replaceState(null, "", "#/talks?" + new URLSearchParams(
      Object.entries({ ...filters, q: state.q, page: String(state.page) }).filter(([, v]) => v && v !== "0")));
    try {
      if (state.q.trim()) {
        const found = await get<{ items: TalkSummary[] }>("/v1/search", { q: state.q, limit: 50 });
        if (mine !== generation) return;
        const items = found.items.filter((t) => FILTERS.every((f) => matches(t, f, state[f])));
        results.replaceChildren(summary(`${items.length} match${items.length === 1 ? "" : "es"} for “${state.q}”`), list(items));
        pager.replaceChildren();
      } else {
        const page = await get<Page<TalkSummary>>("/v1/talks", { ...filters, page: state.page, size: PAGE_SIZE });
        if (mine !== generation) return;
        const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
        results.replaceChildren(summary(`${page.total} talk${page.total === 1 ? "" : "s"}`), list(page.items));
        const prev = el("button", { id: "prev" }, "‹ Previous");
        const next = el("button", { id: "next" }, "Next ›");
        prev.disabled = state.page === 0;
        next.disabled = state.page + 1 >= pages;
        prev.onclick = () => { state.page--; void refresh(); };
        next.onclick = () => { state.page++; void refresh(); };
        pager.replaceChildren(prev, el("span", { id: "page-of" }, `page ${state.page + 1} of ${pages}`), next);
        offerValues(lists, page.items);
      }
    } catch (e) {
      if (mine === generation) results.replaceChildren(failure("Cannot list the talks", e));
    }
  };
  search.addEventListener("input", () => {
    state.q = search.value;
    state.page = 0;
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void refresh(), 200);
  });
  inputs.forEach((input, i) => input.addEventListener("change", () => {
    state[FILTERS[i]] = input.value.trim();
    state.page = 0;
    void refresh();
  }));
  void refresh();
}

function matches(t: TalkSummary, field: (typeof FILTERS)[number], wanted: string): boolean {
  const w = wanted.trim().toLowerCase();
  if (!w) return true;
  const values = field === "conference" ? [t.conference ?? ""] : field === "speaker" ? t.speakers : t.tags;
  return values.some((v) => v.toLowerCase() === w);
}

function offerValues(lists: HTMLDataListElement[], items: TalkSummary[]): void {
  const sets = [new Set<string>(), new Set<string>(), new Set<string>()];
  for (const t of items) {
    if (t.conference) sets[0].add(t.conference);
    t.speakers.forEach((s) => sets[1].add(s));
    t.tags.forEach((s) => sets[2].add(s));
  }
  lists.forEach((l, i) => l.replaceChildren(...[...sets[i]].sort().map((v) => el("option", { value: v }))));
}

function summary(text: string): HTMLElement {
  return el("p", { class: "muted", id: "talks-summary" }, text);
}

function list(items: TalkSummary[]): HTMLElement {
  if (!items.length) {
    return el("p", { class: "muted" }, "No talk matches.");
  }
  return el("ul", { class: "talk-list" }, ...items.map((t) => el("li", { class: "talk-item" },
    el("a", { href: `#/talk/${encodeURIComponent(t.talk_id)}`, class: "talk-title" }, t.title || t.talk_id),
    el("div", { class: "muted" },
      [t.speakers.join(", "), t.conference, `rev ${t.revision}`, `updated ${utc(t.updated_at)}`,
        t.score !== undefined ? `score ${t.score}` : ""].filter(Boolean).join(" · ")),
    t.tags.length ? el("div", { class: "tags" }, ...t.tags.map((g) => el("span", { class: "tag" }, g))) : null,
  )));
}
