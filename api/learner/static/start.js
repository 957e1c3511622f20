// The development start page: the visitor's name and the assessment chosen start (or resume) an attempt on
// the default tenant, and the browser goes to its learner_url, as an LMS would send its learner.

const form = document.getElementById("start-form");
const name = document.getElementById("name");
const error = document.getElementById("name-error");
const status = document.getElementById("start-status");

function showError(text) {
  error.textContent = text;
  error.hidden = false;
  name.setAttribute("aria-invalid", "true");
  name.focus();
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const chosen = event.submitter;
  const typed = name.value.trim().replace(/\s+/g, " ").normalize("NFC");
  if (!typed) return showError("Type your name to start.");
  error.hidden = true;
  name.removeAttribute("aria-invalid");
  status.textContent = "Starting…";
  for (const button of form.querySelectorAll("button")) button.disabled = true;
  try {
    const response = await fetch("/learn/demo/attempts", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ assessment_id: Number(chosen.value), name: typed }),
      credentials: "omit",
    });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const field = body && body.errors && (body.errors.name || body.errors.assessment_id);
      throw new Error((field && field[0]) || (body && body.detail) || `HTTP ${response.status}`);
    }
    window.location.assign(body.learner_url);
  } catch (problem) {
    for (const button of form.querySelectorAll("button")) button.disabled = false;
    status.textContent = "";
    showError(`Could not start: ${problem.message}`);
  }
});
