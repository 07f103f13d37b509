// The inspection summary's "Print this page" button: a file of its own, since the portal's CSP allows
// no inline script. Without JavaScript the button stays hidden and the browser's Print command does.
document.addEventListener("DOMContentLoaded", () => {
  for (const actions of document.querySelectorAll("[data-print-actions]")) {
    actions.hidden = false;
    actions.querySelector("[data-print-page]").addEventListener("click", () => window.print());
  }
});
