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
  // The check-in screen: fetch the new code (and its QR code) as the old one expires.
  const screen = document.querySelector("[data-code-url]");
  if (screen && screen.querySelector("[data-testid=qr]")) {
    const url = screen.dataset.codeUrl;
    const seconds = screen.querySelector("[data-seconds]");
    let left = Number(seconds ? seconds.textContent : 30);
    const refresh = async () => {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const now = await response.json();
      screen.querySelector("[data-testid=qr]").innerHTML = now.qr;
      screen.querySelector("[data-testid=checkin-code]").textContent = now.code;
      screen.querySelector("[data-present]").textContent = now.present;
      left = now.seconds;
    };
    setInterval(() => {
      left -= 1;
      if (seconds) seconds.textContent = Math.max(left, 0);
      if (left <= 0) {
        left = 30;  // until the answer says otherwise
        refresh();
      }
    }, 1000);
  }
  // A print button on printable pages.
  for (const button of document.querySelectorAll("[data-print]")) {
    button.addEventListener("click", () => window.print());
  }
});
