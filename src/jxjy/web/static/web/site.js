// Progressive enhancement only: every page works without it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // "Select all" ticks every checkbox of the named group on the page.
  for (const box of document.querySelectorAll("input[data-select-all]")) {
    const name = box.dataset.selectAll;
    const wrap = box.closest("[data-select-all-wrap]");
    if (wrap) wrap.hidden = false;
    const group = () => document.querySelectorAll(`input[type=checkbox][name="${name}"]`);
    box.addEventListener("change", () => {
      for (const other of group()) other.checked = box.checked;
    });
    document.addEventListener("change", (event) => {
      if (event.target.name !== name) return;
      const all = Array.from(group());
      box.checked = all.length > 0 && all.every((b) => b.checked);
      box.indeterminate = !box.checked && all.some((b) => b.checked);
    });
  }
  // Move focus to an error summary so screen readers announce it.
  const summary = document.querySelector(".error-summary[tabindex]");
  if (summary) summary.focus();
});
