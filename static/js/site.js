// Progressive enhancement only: every page works without this file. head.js has marked the page "js".

document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".menu-toggle");
  const nav = document.getElementById("site-nav");
  if (toggle && nav) {
    toggle.hidden = false;
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", String(!open));
      nav.classList.toggle("is-open", !open);
    });
  }
  // Move focus to the error summary so keyboard and screen reader users hear what went wrong.
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});
