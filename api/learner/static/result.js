// A scored attempt's result page: the outcome against the threshold, the attempts left, and each question's
// feedback as far as the policy lets the payload carry it (a question's `result` is null otherwise).

import { renderQuestion } from "./render.js";

/** An exact fraction as the API writes it ("4/5", "1", "35/3") as [numerator, denominator] BigInts. */
function fraction(text) {
  const [num, den = "1"] = String(text).split("/");
  return [BigInt(num), BigInt(den)];
}

/** The fraction as a percent, rounded down to two decimals, so 79.999...% never reads as 80%. */
export function percent(text) {
  const [num, den] = fraction(text);
  const hundredths = (num * 10000n) / den;
  const whole = hundredths / 100n;
  const rest = hundredths % 100n;
  if (rest === 0n) return `${whole}%`;
  return `${whole}.${String(rest).padStart(2, "0").replace(/0$/, "")}%`;
}

function points(text) {
  const [num, den] = fraction(text);
  if (den === 1n) return String(num);
  const whole = num / den;
  const rest = num % den;
  return whole ? `${whole} ${rest}/${den}` : `${rest}/${den}`;
}

function row(list, term, value) {
  const dt = document.createElement("dt");
  dt.textContent = term;
  const dd = document.createElement("dd");
  dd.textContent = value;
  list.append(dt, dd);
}

export function renderAttemptResult(attempt) {
  const result = attempt.result;
  const section = document.createElement("section");
  section.className = "result";
  section.setAttribute("aria-labelledby", "result-heading");

  const heading = document.createElement("h2");
  heading.id = "result-heading";
  heading.tabIndex = -1;
  heading.textContent = "Your result";
  section.append(heading);

  if (attempt.state === "voided") {
    const note = document.createElement("p");
    note.className = "notice";
    note.textContent = "This attempt was voided by your course and does not count.";
    section.append(note);
    return section;
  }
  if (result.close_reason === "deadline") {
    const note = document.createElement("p");
    note.className = "notice notice-warning";
    note.textContent = "Time ran out: the attempt was closed and scored with the answers you had saved.";
    section.append(note);
  }

  const outcome = document.createElement("p");
  outcome.className = `outcome ${result.passed ? "outcome-passed" : "outcome-failed"}`;
  outcome.id = "outcome";
  outcome.textContent = result.passed ? "Passed" : "Not passed";
  section.append(outcome);

  const facts = document.createElement("dl");
  facts.className = "result-facts";
  row(facts, "Score", `${points(result.points_earned)} of ${result.points_possible} points`);
  row(facts, "Percent", percent(result.score));
  row(facts, "Needed to pass", percent(result.threshold));
  row(facts, "Attempts left", result.attempts_left == null ? "Unlimited" : String(result.attempts_left));
  section.append(facts);

  const reviewed = attempt.questions.filter((question) => question.result);
  const review = document.createElement("section");
  review.className = "review";
  review.setAttribute("aria-labelledby", "review-heading");
  const reviewHeading = document.createElement("h2");
  reviewHeading.id = "review-heading";
  reviewHeading.textContent = "Your answers";
  review.append(reviewHeading);
  if (!reviewed.length) {
    const none = document.createElement("p");
    none.textContent = "This assessment does not show feedback on each question.";
    review.append(none);
  } else {
    const list = document.createElement("ol");
    list.className = "review-list";
    for (const question of attempt.questions) {
      const item = document.createElement("li");
      item.className = "card";
      item.append(renderQuestion(question, { mode: "review", total: attempt.questions.length, idPrefix: "review" }));
      list.append(item);
    }
    review.append(list);
  }
  section.append(review);
  return section;
}
