/*
 * The group register's "Mark everyone not yet marked as present" button
 * (portal/placements/templates/placements/admin/group_register.html): fills every empty code of the
 * register with "/" (present, in either session) and says how many it filled. Nothing is saved until
 * Save. Without this script the button stays hidden and every code is typed.
 */
(() => {
  const button = document.querySelector("[data-mark-present]");
  if (!button) return;
  const form = document.getElementById(button.dataset.markPresent);
  const status = document.querySelector("[data-mark-present-status]");
  button.hidden = false;
  button.addEventListener("click", () => {
    const empty = [...form.querySelectorAll("[data-register-code]")].filter((input) => !input.value.trim());
    for (const input of empty) input.value = "/";
    status.textContent = `${empty.length} empty session(s) marked present. Check the register, then save it.`;
  });
})();
