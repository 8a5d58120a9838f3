// The import page's progress bar: polls the batch's status and reloads the page when the
// background work ends. Without it, the page's "Refresh" link does the same.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector("[data-import-status]");
  if (!box) return;
  const bar = document.getElementById("import-progress");
  const text = document.getElementById("import-progress-text");
  const poll = async () => {
    try {
      const response = await fetch(box.dataset.importStatus, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const state = await response.json();
      if (!state.working) {
        window.location.reload();
        return;
      }
      if (state.percent !== null) {
        bar.value = state.percent;
      } else {
        bar.removeAttribute("value");
      }
      if (state.progress_text) text.textContent = state.progress_text;
    } catch (error) {
      // The network went away for a moment: try again at the next tick.
    }
    window.setTimeout(poll, 1000);
  };
  window.setTimeout(poll, 1000);
});
