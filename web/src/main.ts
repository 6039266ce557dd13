// The page: a hash router over the screens, and the sign-in field that keeps the token in session storage.
import "./style.css";
import { ApiError, get, onAuthError, setToken, token } from "./api";
import { pipelineActivityScreen, talkActivityScreen } from "./activity";
import { historyScreen } from "./history";
import { pipelineScreen, REFRESH_MS } from "./pipeline";
import { talkScreen } from "./talk";
import { talksScreen } from "./talks";

const view = document.getElementById("view") as HTMLElement;
const message = document.getElementById("auth-message") as HTMLElement;
const login = document.getElementById("login") as HTMLFormElement;
const tokenInput = document.getElementById("token") as HTMLInputElement;
const logout = document.getElementById("logout") as HTMLButtonElement;
let timer: number | undefined;

onAuthError((e: ApiError) => {
  message.hidden = false;
  message.className = "message error";
  message.id = "auth-message";
  message.textContent = e.status === 403
    ? `This token may not do that: ${e.message}.`
    : token()
      ? `The server refused this token (${e.message}). Check it and sign in again.`
      : "This server needs an API token: paste one above and sign in. A local `notes up` keeps its admin token "
        + "in <data-dir>/admin.token.";
  login.hidden = false;
  tokenInput.placeholder = "API token";
  tokenInput.focus();
});

login.addEventListener("submit", (ev) => {
  ev.preventDefault();
  setToken(tokenInput.value.trim() || null);
  tokenInput.value = "";
  message.hidden = true;
  showSignedIn();
  route();
});

logout.addEventListener("click", () => {
  setToken(null);
  showSignedIn();
  route();
});

function showSignedIn(): void {
  const signedIn = token() !== null;
  logout.hidden = !signedIn;
  tokenInput.placeholder = signedIn ? "signed in (paste another token)" : "API token";
}

function route(): void {
  window.clearInterval(timer);
  const hash = location.hash.replace(/^#\/?/, "");
  const [path, query] = hash.split("?");
  const parts = path.split("/").map(decodeURIComponent);
  document.querySelectorAll<HTMLAnchorElement>("nav a").forEach((a) =>
    a.classList.toggle("active", a.dataset.nav === (parts[0] === "talk" || !parts[0] ? "talks" : parts[0])));
  if (parts[0] === "talk" && parts[1]) {
    const id = parts[1];
    if (parts[2] === "history") void historyScreen(view, id);
    else if (parts[2] === "activity") void talkActivityScreen(view, id);
    else void talkScreen(view, id);
  } else if (parts[0] === "activity") {
    void pipelineActivityScreen(view);
  } else if (parts[0] === "pipeline") {
    void pipelineScreen(view);
    timer = window.setInterval(() => void pipelineScreen(view), REFRESH_MS);
  } else {
    talksScreen(view, new URLSearchParams(query ?? ""));
  }
}

/** Without a token, one cheap call tells whether the server is open (--no-auth): then no sign-in is offered. */
async function probe(): Promise<void> {
  if (token() !== null) return;
  try {
    await get("/v1/talks", { size: 0 });
    login.hidden = true;
  } catch {
    // the auth listener has asked for a token; other errors show on the screen itself
  }
}

window.addEventListener("hashchange", route);
showSignedIn();
void probe();
route();
