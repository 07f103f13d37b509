/*
 * Starts Wagtail's admin widgets and panels without inline scripts, so the admin's Content Security
 * Policy can refuse them (config/csp.py).
 *
 * Where Wagtail writes <script>new InlinePanel({...})</script> or initDateChooser("id", {...}), our
 * overrides (home/templates/wagtailadmin/, common/admin_scripts.py) write
 * <admin-init data-init="InlinePanel" data-id="…" data-options="{…}">. A custom element's
 * connectedCallback runs as soon as the element is in the document: while the page is parsed, right
 * after the inputs before it, or before jQuery's append returns when InlinePanel adds a form. So each
 * widget starts at the same moment as with the inline script, which MultipleChooserPanel relies on: it
 * reads the new form's chooser straight after adding the form.
 */
(() => {
  // Only Wagtail's own initialisers can be named, so markup slipped into a page cannot call other globals.
  const CONSTRUCTORS = new Set([
    "InlinePanel",
    "MultipleChooserPanel",
    "Chooser",
    "PageChooser",
    "ImageChooser",
    "DocumentChooser",
    "SnippetChooser",
  ]);
  const FUNCTIONS = new Set(["initDateChooser", "initTimeChooser", "initDateTimeChooser", "createTaskChooser"]);

  class AdminInit extends HTMLElement {
    connectedCallback() {
      // Moving the element (sorting inline forms, teleporting a dialog) connects it again.
      if (this.started) return;
      this.started = true;
      const { init, id, options } = this.dataset;
      const args = [];
      if (id !== undefined) args.push(id);
      if (options !== undefined) args.push(JSON.parse(options));
      if (CONSTRUCTORS.has(init)) {
        new window[init](...args);
      } else if (FUNCTIONS.has(init)) {
        window[init](...args);
      } else {
        throw new Error(`<admin-init>: "${init}" is not one of Wagtail's initialisers.`);
      }
    }
  }

  customElements.define("admin-init", AdminInit);
})();
