// Progressive enhancement only: every page works without this. It adds "add a row" buttons to the option and
// slot lists (copying the last row with its numbers moved on) and moves focus to a page's problem summary.

function renumber(row, index) {
  for (const element of row.querySelectorAll("[id], [name], [for]")) {
    for (const attribute of ["id", "name", "for"]) {
      const value = element.getAttribute(attribute);
      if (value) element.setAttribute(attribute, value.replace(/^(options|slots)-\d+-/, `$1-${index}-`));
    }
  }
}

function addRowButton(container, rowSelector, buttonSelector, relabel) {
  const button = container.querySelector(buttonSelector);
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    const rows = container.querySelectorAll(rowSelector);
    const last = rows[rows.length - 1];
    const copy = last.cloneNode(true);
    renumber(copy, rows.length);
    for (const input of copy.querySelectorAll("input, select, textarea")) {
      if (input.type === "checkbox") input.checked = false;
      else if (input.tagName === "SELECT") input.selectedIndex = 0;
      else input.value = input.name.endsWith("-count") ? "1" : "";
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    }
    for (const errors of copy.querySelectorAll(".field-errors")) errors.remove();
    relabel(copy, rows.length);
    last.after(copy);
    copy.querySelector("input, select").focus();
  });
}

for (const options of document.querySelectorAll("[data-options]")) {
  addRowButton(options, "[data-option-row]", "[data-add-option]", (row, index) => {
    const label = row.querySelector("label");
    label.textContent = `Option ${index < 26 ? String.fromCharCode(65 + index) : index + 1}`;
  });
}
for (const slots of document.querySelectorAll("[data-slots]")) {
  addRowButton(slots, "[data-slot-row]", "[data-add-slot]", (row, index) => {
    row.querySelector("label").textContent = `Row ${index + 1}: source`;
  });
}

const problem = document.querySelector("#conflict, #problem");
if (problem) problem.focus();
