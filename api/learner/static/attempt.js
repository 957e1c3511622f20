// The learner's attempt page: one question at a time, every change saved at once (saves.js), lesson quizzes'
// Check, a countdown by the server's clock (clock.js), submit with confirmation, then the result (result.js).
// The learner token comes in the URL's fragment (api/learner/links.py); it is kept in this tab's session
// storage, so a reload keeps working, and taken out of the address bar.

import { learnerApi } from "./api.js";
import { Countdown, formatClock, spokenDuration } from "./clock.js";
import { isAnswered, renderQuestion } from "./render.js";
import { renderAttemptResult } from "./result.js";
import { SaveQueue } from "./saves.js";

const root = document.getElementById("app");
const attemptId = Number(root.dataset.attemptId);
const TOKEN_KEY = `assess.token.${attemptId}`;
const INDEX_KEY = `assess.index.${attemptId}`;

const SAVE_WORDS = {
  saving: "Saving…",
  saved: "Saved",
  retrying: "Not saved yet: kept on this device and sent again as soon as the server answers",
  rejected: "Not saved",
  invalid: "Not saved: type a number",
};

const state = {
  api: null,
  queue: null,
  countdown: null,
  attempt: null,
  index: 0,
  seqs: new Map(), // position -> the highest seq used for it (the server's, or a newer one of ours)
  saveStates: new Map(), // position -> [state, detail]
  timeUp: false,
};

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value == null) continue;
    if (name === "className") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) if (child != null) node.append(child);
  return node;
}

function takeToken() {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const fromLink = fragment.get("token");
  if (fromLink) {
    sessionStorage.setItem(TOKEN_KEY, fromLink);
    history.replaceState(null, "", window.location.pathname + window.location.search);
    return fromLink;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function announce(text, urgent = false) {
  const region = document.getElementById(urgent ? "alert-region" : "status-region");
  region.textContent = "";
  window.setTimeout(() => {
    region.textContent = text;
  }, 50);
}

function setTitle(text) {
  document.getElementById("page-title").textContent = text;
}

function message(heading, text, action = null) {
  const main = document.getElementById("main");
  main.replaceChildren(el("section", { className: "card", "aria-labelledby": "message-heading" },
    el("h2", { id: "message-heading", tabindex: "-1", text: heading }),
    el("p", { text }),
    action));
  document.getElementById("message-heading").focus();
}

function questions() {
  return state.attempt.questions;
}

function answeredCount() {
  return questions().filter(isAnswered).length;
}

// ---- saving ---------------------------------------------------------------------------------------------

function showSaveState(position) {
  const [word, detail] = state.saveStates.get(position) || [null, null];
  const line = document.getElementById(`save-state-${position}`);
  if (!line) return;
  line.dataset.state = word || "";
  line.textContent = word ? SAVE_WORDS[word] + (word === "rejected" && detail ? `: ${detail}` : "") : "";
}

function onSaveState(position, word, detail) {
  state.saveStates.set(position, [word, detail]);
  showSaveState(position);
  if (word === "retrying") document.getElementById("connection").hidden = false;
  if (word === "saved" && !state.queue.entries.length) document.getElementById("connection").hidden = true;
  if (word === "rejected") announce(`Question ${position}: not saved. ${detail || ""}`, true);
}

function onChange(question, response) {
  if (response === null) {
    onSaveState(question.position, "invalid");
    return;
  }
  question.response = response;
  const seq = (state.seqs.get(question.position) || 0) + 1;
  state.seqs.set(question.position, seq);
  state.queue.enqueue(question.position, response, seq);
  updateProgress();
  updateCheckButton(question);
}

async function refreshFromServer() {
  state.attempt = await state.api.attempt();
  rememberSeqs();
}

// ---- the question screen --------------------------------------------------------------------------------

function updateProgress() {
  const total = questions().length;
  document.getElementById("progress-text").textContent =
    `Question ${state.index + 1} of ${total} · ${answeredCount()} answered`;
  const bar = document.getElementById("progress-bar");
  bar.value = answeredCount();
  bar.max = total;
  for (const question of questions()) {
    const button = document.getElementById(`nav-${question.position}`);
    if (!button) continue;
    const answered = isAnswered(question);
    button.classList.toggle("nav-answered", answered);
    const number = button.querySelector(".nav-number").textContent;
    button.querySelector(".nav-name").textContent = `Question ${number}, ${answered ? "answered" : "not answered"}`;
  }
}

function updateCheckButton(question) {
  const button = document.getElementById(`check-${question.position}`);
  if (button) button.disabled = !isAnswered(question) || state.timeUp;
}

function go(index) {
  state.index = Math.max(0, Math.min(questions().length - 1, index));
  sessionStorage.setItem(INDEX_KEY, String(state.index));
  renderQuestionScreen();
  document.querySelector(".question").focus();
}

function renderQuestionScreen() {
  const attempt = state.attempt;
  const total = questions().length;
  const question = questions()[state.index];
  document.title = `${attempt.title}: question ${state.index + 1} of ${total}`;
  const main = document.getElementById("main");

  const fieldset = renderQuestion(question, {
    mode: state.timeUp ? "review" : "answer",
    total,
    idPrefix: "question",
    onChange: (response) => onChange(question, response),
  });
  fieldset.tabIndex = -1;
  const footer = el("div", { className: "question-footer" },
    el("p", { className: "save-state", id: `save-state-${question.position}` }));
  if (attempt.feedback_policy === "immediate" && !question.checked) {
    const check = el("button", {
      type: "button",
      className: "button",
      id: `check-${question.position}`,
      text: "Check answer",
      onclick: () => checkQuestion(question.position),
    });
    footer.append(check);
  }
  const card = el("section", { className: "card question-card", "aria-label": `Question ${state.index + 1}` },
    fieldset, footer);

  const previous = el("button", {
    type: "button", className: "button", text: "Previous", disabled: state.index === 0,
    onclick: () => go(state.index - 1),
  });
  const next = el("button", {
    type: "button", className: "button button-primary", text: "Next", disabled: state.index === total - 1,
    onclick: () => go(state.index + 1),
  });
  const submit = el("button", {
    type: "button", className: "button" + (state.index === total - 1 ? " button-primary" : ""), id: "submit-button",
    text: "Submit…", disabled: state.timeUp, onclick: confirmSubmit,
  });
  const pager = el("div", { className: "pager" }, previous, next, submit);

  const nav = el("ol", { className: "question-nav" });
  questions().forEach((other, index) => {
    const button = el("button", {
      type: "button",
      className: "nav-button",
      id: `nav-${other.position}`,
      "aria-current": index === state.index ? "step" : null,
      onclick: () => go(index),
    }, el("span", { className: "visually-hidden nav-name" }),
    el("span", { "aria-hidden": "true", className: "nav-number", text: String(index + 1) }));
    nav.append(el("li", {}, button));
  });
  const navigation = el("nav", { className: "card question-nav-card", "aria-labelledby": "nav-heading" },
    el("h2", { id: "nav-heading", className: "nav-heading", text: "All questions" }), nav);

  main.replaceChildren(card, pager, navigation);
  updateProgress();
  updateCheckButton(question);
  showSaveState(question.position);
}

// ---- check, submit, the result --------------------------------------------------------------------------

async function checkQuestion(position) {
  const button = document.getElementById(`check-${position}`);
  button.disabled = true;
  button.textContent = "Checking…";
  try {
    await state.queue.whenIdle();
    const checked = await state.api.check(position);
    state.attempt = checked;
    rememberSeqs();
    renderQuestionScreen();
    const result = document.getElementById(`question-${position}-result`);
    if (result) {
      result.focus();
      announce(result.textContent);
    }
  } catch (problem) {
    if (problem.status === 410 || problem.type === "/problems/attempt-closed") return showClosed();
    button.disabled = false;
    button.textContent = "Check answer";
    announce(`The answer could not be checked: ${problem.message}. Try again.`, true);
  }
}

/** Each question's seq, and its answer shown, from the server's payload and the answers still queued. */
function rememberSeqs() {
  for (const question of questions()) {
    const pending = state.queue.pending(question.position);
    state.seqs.set(question.position, Math.max(question.seq, pending ? pending.seq : 0));
    if (pending) question.response = pending.response;
  }
}

function confirmSubmit() {
  const dialog = document.getElementById("confirm-dialog");
  const unanswered = questions()
    .map((question, index) => [question, index + 1])
    .filter(([question]) => !isAnswered(question))
    .map(([, number]) => number);
  const summary = document.getElementById("confirm-unanswered");
  if (unanswered.length === 0) summary.textContent = "You have answered every question.";
  else if (unanswered.length === 1) summary.textContent = `Question ${unanswered[0]} is not answered.`;
  else {
    const last = unanswered.pop();
    summary.textContent = `Questions ${unanswered.join(", ")} and ${last} are not answered.`;
  }
  dialog.showModal();
}

async function submit() {
  document.getElementById("confirm-dialog").close();
  const button = document.getElementById("submit-button");
  if (button) button.disabled = true;
  announce("Submitting your answers…");
  if (state.queue.entries.length) {
    document.getElementById("connection").hidden = false;
    await state.queue.whenIdle();
  }
  try {
    state.attempt = await state.api.submit();
    showResult();
  } catch (problem) {
    if (button) button.disabled = false;
    announce(`Your answers could not be submitted: ${problem.message}. They are saved; try again.`, true);
  }
}

async function showClosed() {
  state.queue.stop();
  if (state.countdown) state.countdown.stop();
  try {
    state.attempt = await state.api.attempt();
  } catch (problem) {
    return message("This attempt is closed", `Its result could not be loaded (${problem.message}). Reload to try again.`);
  }
  showResult();
}

function showResult() {
  if (state.countdown) state.countdown.stop();
  sessionStorage.removeItem(INDEX_KEY);
  document.getElementById("time-panel").hidden = true;
  document.getElementById("progress-panel").hidden = true;
  document.getElementById("connection").hidden = true;
  document.getElementById("time-warning").hidden = true;
  document.title = `${state.attempt.title}: your result`;
  document.getElementById("main").replaceChildren(renderAttemptResult(state.attempt));
  document.getElementById("result-heading").focus();
}

// ---- the clock ------------------------------------------------------------------------------------------

function startCountdown() {
  const panel = document.getElementById("time-panel");
  const clock = document.getElementById("time-left");
  const warning = document.getElementById("time-warning");
  panel.hidden = false;
  state.countdown = new Countdown({
    read: () => state.api.clock(),
    onTick: (left) => {
      clock.textContent = formatClock(left);
      clock.setAttribute("aria-label", `${spokenDuration(left)} left`);
      panel.classList.toggle("time-low", left <= 300);
      if (left === 0 && !state.timeUp) timeUp();
    },
    onWarning: (threshold) => {
      const words = threshold >= 60 ? `${threshold / 60} minute${threshold === 60 ? "" : "s"}` : `${threshold} seconds`;
      warning.hidden = false;
      warning.textContent = `${words[0].toUpperCase()}${words.slice(1)} left. Your answers are saved as you go.`;
      announce(`${words} left.`, true);
    },
    onExpired: () => showClosed(),
  });
  return state.countdown.start();
}

function timeUp() {
  state.timeUp = true;
  const warning = document.getElementById("time-warning");
  warning.hidden = false;
  warning.textContent = "Time is up. Your saved answers are being scored…";
  announce("Time is up. Your saved answers are being scored.", true);
  renderQuestionScreen();
}

// ---- start ----------------------------------------------------------------------------------------------

async function load() {
  const token = takeToken();
  if (!token) {
    return message(
      "Open this page from your course",
      "This page needs the link your course gave you for this attempt. Go back to your course and open the assessment again.",
    );
  }
  state.api = learnerApi(attemptId, token);
  let attempt;
  try {
    attempt = await state.api.attempt();
  } catch (problem) {
    if (problem.status === 401) {
      return message("This link has expired", "Open the assessment again from your course: your saved answers are kept.");
    }
    if (problem.status === 404) return message("Attempt not found", "This link does not open an attempt.");
    const retry = el("button", { type: "button", className: "button button-primary", text: "Try again", onclick: load });
    window.addEventListener("online", load, { once: true });
    return message("The server cannot be reached", "Check your connection; nothing you saved is lost.", retry);
  }
  state.attempt = attempt;
  setTitle(attempt.title);
  state.queue = new SaveQueue({
    attemptId,
    send: ({ position, response, seq }) => state.api.save(position, response, seq),
    onState: onSaveState,
    onSeq: (position, seq) => state.seqs.set(position, Math.max(seq, state.seqs.get(position) || 0)),
    onStale: async (position) => {
      await refreshFromServer();
      if (questions()[state.index].position === position) renderQuestionScreen();
    },
    onClosed: () => showClosed(),
    onUnauthorized: () =>
      message("This link has expired", "Open the assessment again from your course: answers not yet sent stay on this device and are sent then."),
  });
  const serverSeqs = new Map(attempt.questions.map((question) => [question.position, question.seq]));
  if (attempt.state !== "in_progress") {
    state.queue.entries = [];
    state.queue.persist();
    return showResult();
  }
  state.queue.reconcile(serverSeqs);
  rememberSeqs();
  for (const entry of state.queue.entries) state.saveStates.set(entry.position, ["saving", null]);
  const stored = Number(sessionStorage.getItem(INDEX_KEY) || "0");
  state.index = Number.isInteger(stored) && stored < questions().length ? stored : 0;
  document.getElementById("progress-panel").hidden = false;
  renderQuestionScreen();
  state.queue.kick();
  if (attempt.deadline_at) await startCountdown();
}

document.getElementById("confirm-submit").addEventListener("click", submit);
document.getElementById("confirm-cancel").addEventListener("click", () => document.getElementById("confirm-dialog").close());
load();
