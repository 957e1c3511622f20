// One question as the learner sees it, from the delivery API's question payload (GET /api/v1/attempts/{id}:
// `questions[]`). Shared by the learner's page and the instructor workspace's preview, so it knows nothing of
// saving, tokens or the page around it: it draws the question and reports each change of answer.
//
//   renderQuestion(question, {mode, onChange, total, idPrefix}) -> HTMLElement (a <fieldset>)
//
// mode: "answer" (inputs live, unless the question is checked: then locked with its result), or "review"
// (inputs locked, the result shown when the payload has one). onChange(response) gets the API's response
// shape ({option}, {options}, {value}, {text}), or null while a typed number is not a number.
// The stem, options, rationales and feedback are the bank's sanitized HTML (docs/rich-text.md), so they are
// inserted as HTML; everything else is set as text.

const HINTS = {
  single_choice: "Choose one answer.",
  true_false: "Choose one answer.",
  multiple_response: "Choose every answer that applies.",
  numeric: "Type a number.",
  short_text: "Type your answer.",
};

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The response an answer gives, or null when nothing is answered yet. */
export function isAnswered(question) {
  const response = question.response;
  if (!response) return false;
  if ("option" in response) return response.option != null;
  if ("options" in response) return response.options.length > 0;
  if ("value" in response) return String(response.value).trim() !== "";
  if ("text" in response) return response.text.trim() !== "";
  return false;
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value == null) continue;
    if (name === "className") node.className = value;
    else if (name === "html") node.innerHTML = value;
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function verdict(result) {
  if (result.correct) return { word: "Correct", kind: "correct" };
  if (result.credit !== "0") return { word: `Partly correct (${result.credit} of the points)`, kind: "partial" };
  return { word: "Incorrect", kind: "incorrect" };
}

function chosenIds(response) {
  if (!response) return new Set();
  if ("option" in response) return new Set([response.option]);
  if ("options" in response) return new Set(response.options);
  return new Set();
}

function choiceOptions(question, base, locked, onChange) {
  const multiple = question.type === "multiple_response";
  const chosen = chosenIds(question.response);
  const review = question.result ? new Map(question.result.options.map((o) => [o.id, o])) : null;
  const list = element("div", { className: "options" });
  const inputs = [];
  for (const option of question.options) {
    const id = `${base}-option-${option.id}`;
    const input = element("input", {
      type: multiple ? "checkbox" : "radio",
      name: `${base}-answer`,
      id,
      value: String(option.id),
      disabled: locked,
    });
    input.checked = chosen.has(option.id);
    inputs.push(input);
    const body = element("span", { className: "option-body" }, element("span", { className: "option-text", html: option.text }));
    const row = element("label", { className: "option", for: id }, input, body);
    const reviewed = review && review.get(option.id);
    if (reviewed) {
      const marks = element("span", { className: "option-marks" });
      if (chosen.has(option.id)) marks.append(element("span", { className: "tag tag-neutral", text: "Your answer" }));
      if (reviewed.correct) {
        marks.append(element("span", { className: "tag tag-success", text: "Correct answer" }));
        row.classList.add("option-keyed");
      } else if (chosen.has(option.id)) row.classList.add("option-chosen-wrong");
      body.append(marks);
      if (reviewed.rationale) body.append(element("span", { className: "option-rationale", html: reviewed.rationale }));
    }
    list.append(row);
  }
  list.addEventListener("change", () => {
    if (multiple) {
      onChange({ options: inputs.filter((input) => input.checked).map((input) => Number(input.value)) });
    } else {
      const picked = inputs.find((input) => input.checked);
      if (picked) onChange({ option: Number(picked.value) });
    }
  });
  return list;
}

function typedAnswer(question, base, locked, onChange) {
  const numeric = question.type === "numeric";
  const id = `${base}-answer`;
  const errorId = `${base}-error`;
  const field = element("div", { className: "field" });
  const label = element("label", { for: id, text: numeric ? "Your answer (a number)" : "Your answer" });
  const input = element("input", {
    className: "input",
    type: "text",
    id,
    name: id,
    autocomplete: "off",
    spellcheck: numeric ? "false" : null,
    inputmode: numeric ? "decimal" : null,
    maxlength: numeric ? "40" : "500",
    disabled: locked,
  });
  const response = question.response;
  input.value = response ? String(numeric ? response.value ?? "" : response.text ?? "") : "";
  const error = element("p", { className: "field-error", id: errorId, hidden: true });
  field.append(label, input, error);
  const report = () => {
    const typed = input.value;
    if (numeric) {
      const trimmed = typed.trim();
      const valid = trimmed === "" || DECIMAL.test(trimmed);
      error.hidden = valid;
      error.textContent = valid ? "" : "Type a number, for example 4.5 or -12.";
      if (valid) {
        input.removeAttribute("aria-invalid");
        input.removeAttribute("aria-describedby");
      } else {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", errorId);
      }
      onChange(valid && trimmed !== "" ? { value: trimmed } : null);
    } else {
      onChange({ text: typed });
    }
  };
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(report, 400); // a save per pause in typing, not per key
  });
  input.addEventListener("change", () => {
    clearTimeout(timer);
    report();
  });
  return field;
}

/** The question's result block, when the payload carries one (the policy allows it). */
export function renderResult(question, base) {
  const result = question.result;
  if (!result) return null;
  const { word, kind } = verdict(result);
  const block = element("div", {
    className: `question-result question-result-${kind}`,
    id: `${base}-result`,
    tabindex: "-1",
  });
  block.append(element("p", { className: "question-result-heading", text: word }));
  if (result.feedback) block.append(element("div", { className: "question-feedback", html: result.feedback }));
  if (result.general_feedback) {
    block.append(element("div", { className: "question-general-feedback", html: result.general_feedback }));
  }
  return block;
}

export function renderQuestion(question, { mode = "answer", onChange = () => {}, total = null, idPrefix = "question" } = {}) {
  const base = `${idPrefix}-${question.position}`;
  const locked = mode === "review" || question.checked || Boolean(question.result);
  const fieldset = element("fieldset", {
    className: "question",
    id: base,
    "data-position": String(question.position),
    "data-type": question.type,
  });
  const number = total ? `Question ${question.position} of ${total}` : `Question ${question.position}`;
  const points = question.points === 1 ? "1 point" : `${question.points} points`;
  fieldset.append(
    element(
      "legend",
      { className: "question-legend" },
      element("span", { className: "question-number", text: `${number} · ${points}` }),
      element("span", { className: "question-stem", html: question.stem }),
    ),
  );
  if (!locked) fieldset.append(element("p", { className: "question-hint", text: HINTS[question.type] || "" }));
  const choice = question.options && question.options.length > 0;
  fieldset.append(choice ? choiceOptions(question, base, locked, onChange) : typedAnswer(question, base, locked, onChange));
  const result = renderResult(question, base);
  if (result) fieldset.append(result);
  return fieldset;
}
