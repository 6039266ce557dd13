// A talk as Markdown: the note tree becomes a nested list whose items keep their own Markdown
// (links, images, code), rendered by marked and sanitized by DOMPurify before it reaches the page.
import DOMPurify from "dompurify";
import { marked } from "marked";
import type { NoteNode, Talk } from "./api";

/** @return the note tree as a nested Markdown list. */
export function notesMarkdown(nodes: NoteNode[], depth = 0): string {
  const pad = "  ".repeat(depth);
  return nodes
    .map((n) => {
      const [first, ...rest] = n.text.split("\n");
      const item = [`${pad}- ${first}`, ...rest.map((line) => `${pad}  ${line}`)].join("\n");
      return n.children.length ? `${item}\n${notesMarkdown(n.children, depth + 1)}` : item;
    })
    .join("\n");
}

/** @return the whole talk as Markdown: what a diff between two revisions compares. */
export function talkMarkdown(t: Talk): string {
  const lines = [`# ${t.title}`, "", t.speakers.join(", ")];
  if (t.links.length) {
    lines.push("", t.links.map((l) => `[${l.label}](${l.url})`).join(", "));
  }
  if (t.tags.length) {
    lines.push("", `tags: ${t.tags.join(", ")}`);
  }
  lines.push("", notesMarkdown(t.notes));
  return lines.join("\n") + "\n";
}

/** @return safe HTML for {@code markdown}; links open in a new tab. */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true });
  const clean = DOMPurify.sanitize(html);
  const box = document.createElement("div");
  box.innerHTML = clean;
  box.querySelectorAll("a[href]").forEach((a) => {
    a.setAttribute("target", "_blank");
    a.setAttribute("rel", "noopener noreferrer");
  });
  return box.innerHTML;
}
