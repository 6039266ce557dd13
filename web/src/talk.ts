// A talk: title, speakers, links, the note tree as Markdown, contributors and revision.
import { get, type Talk, type TalkAnswer } from "./api";
import { el, failure, utc } from "./dom";
import { notesMarkdown, renderMarkdown } from "./markdown";

/** The tabs of a talk's pages. */
export function talkTabs(id: string, active: "notes" | "history" | "activity"): HTMLElement {
  const tab = (name: typeof active, label: string, href: string) =>
    el("a", { href, class: name === active ? "tab active" : "tab", id: `tab-${name}` }, label);
  const base = `#/talk/${encodeURIComponent(id)}`;
  return el("div", { class: "tabs" },
    tab("notes", "Notes", base), tab("history", "History", `${base}/history`), tab("activity", "Activity", `${base}/activity`));
}

/** @return the talk rendered: header, links, notes, contributors. */
export function talkBody(t: Talk): HTMLElement {
  const notes = el("div", { class: "notes", id: "notes" });
  notes.innerHTML = renderMarkdown(notesMarkdown(t.notes));
  return el("article", { class: "talk" },
    el("h1", { id: "talk-title" }, t.title),
    el("p", { class: "speakers", id: "speakers" }, t.speakers.join(", ")),
    el("p", { class: "muted", id: "revision" },
      [t.conference, `revision ${t.revision}`, `updated ${utc(t.updated_at)}`, `created ${utc(t.created_at)}`,
        t.deleted ? "deleted" : ""].filter(Boolean).join(" · ")),
    t.links.length ? el("p", { class: "links", id: "links" }, ...t.links.flatMap((l, i) => [
      i ? " · " : "", el("a", { href: l.url, target: "_blank", rel: "noopener noreferrer" }, l.label)])) : null,
    t.tags.length ? el("div", { class: "tags" }, ...t.tags.map((g) => el("span", { class: "tag" }, g))) : null,
    notes,
    el("h2", {}, "Contributors"),
    el("ul", { id: "contributors" }, ...t.contributors.map((c) =>
      el("li", {}, `${c.author} (${c.edits} edit${c.edits === 1 ? "" : "s"})`))),
  );
}

export async function talkScreen(view: HTMLElement, id: string): Promise<void> {
  view.replaceChildren(talkTabs(id, "notes"), el("p", { class: "muted" }, "Loading…"));
  try {
    const answer = await get<TalkAnswer>(`/v1/talks/${encodeURIComponent(id)}`);
    view.replaceChildren(talkTabs(id, "notes"),
      ...(answer.stale ? [el("div", { class: "message" }, "Served from a standby copy: it may be slightly behind.")] : []),
      talkBody(answer.talk));
  } catch (e) {
    view.replaceChildren(talkTabs(id, "notes"), failure(`Cannot show talk ${id}`, e));
  }
}
