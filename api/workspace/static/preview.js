// The preview: the learner page's own renderer (render.js, from the learner blueprint) drawing the delivery
// API's question payloads, which the page hands over in a JSON block. "Check answer" posts the answer to the
// workspace, which scores it as the learner's Check does and returns the same `result`; the question is then
// drawn checked, as a learner sees it after a check. "Try again" draws it unanswered again. Nothing is saved.

const data = JSON.parse(document.getElementById("preview-data").textContent);
const csrf = document.getElementById("preview-csrf").value;
const container = document.getElementById("preview-questions");
const status = document.getElementById("preview-status");
const { renderQuestion } = await import(data.render);

function button(text, onclick, className = "button") {
  const node = document.createElement("button");
  node.type = "button";
  node.className = className;
  node.textContent = text;
  node.addEventListener("click", onclick);
  return node;
}

async function check(question) {
  const body = new URLSearchParams({
    csrf_token: csrf,
    version_id: String(question.item.version_id),
    option_order: JSON.stringify(question.options.map((option) => option.id)),
    response: JSON.stringify(question.response),
  });
  const reply = await fetch(data.check, { method: "POST", body, credentials: "same-origin" });
  const payload = await reply.json();
  if (!reply.ok) throw new Error(payload.detail || `the check failed (${reply.status})`);
  return payload.result;
}

function draw(slot, question) {
  const total = data.questions.length;
  const fieldset = renderQuestion(question, {
    mode: "answer",
    total,
    idPrefix: "preview",
    onChange: (response) => {
      question.response = response;
      checkButton.disabled = response == null;
    },
  });
  const footer = document.createElement("div");
  footer.className = "actions preview-actions";
  const checkButton = button("Check answer", async () => {
    checkButton.disabled = true;
    try {
      const result = await check(question);
      draw(slot, { ...question, checked: true, result });
      status.textContent = `Question ${question.position} checked.`;
      document.getElementById(`preview-${question.position}-result`)?.focus();
    } catch (problem) {
      checkButton.disabled = false;
      status.textContent = `The answer could not be checked: ${problem.message}.`;
    }
  });
  checkButton.disabled = question.response == null;
  if (question.result) {
    footer.append(button("Try again", () => draw(slot, { ...question, response: null, checked: false, result: null }), "button secondary"));
  } else {
    footer.append(checkButton);
  }
  slot.replaceChildren(fieldset, footer);
}

container.replaceChildren();
for (const question of data.questions) {
  const slot = document.createElement("section");
  slot.className = "preview-question";
  slot.setAttribute("aria-label", `Question ${question.position}`);
  container.append(slot);
  draw(slot, { ...question });
}
