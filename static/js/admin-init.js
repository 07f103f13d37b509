/*
 * Starts Wagtail's admin widgets and panels without inline scripts, so the admin's Content Security
 * Policy can refuse them (config/csp.py).
 *
 * Where Wagtail writes <script>new InlinePanel({...})</script> or initDateChooser("id", {...}), our
 * overrides (home/templates/, common/admin_scripts.py) write
 * <admin-init data-init="InlinePanel" data-id="…" data-options="{…}">. A custom element's
 * connectedCallback runs as soon as the element is in the document: while the page is parsed, right
 * after the inputs before it, or before jQuery's append returns when InlinePanel adds a form. So each
 * widget starts at the same moment as with the inline script, which MultipleChooserPanel relies on: it
 * reads the new form's chooser straight after adding the form.
 */
(() => {
  // Only these initialisers can be named, so markup slipped into a page cannot call other globals.
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

  // Wagtail 8.0 writes this one inline on search promotions' add and edit pages
  // (wagtailsearchpromotions/queries/chooser_field.js); here it takes the modal's URL as an option.
  function createQueryChooser(id, { url }) {
    const input = document.getElementById(id);
    document.getElementById(`${id}-chooser`).addEventListener("click", () => {
      window.ModalWorkflow({
        url,
        onload: window.QUERY_CHOOSER_MODAL_ONLOAD_HANDLERS,
        responses: {
          queryChosen(queryData) {
            input.value = queryData.querystring;
          },
        },
      });
    });
  }
  const OUR_FUNCTIONS = { createQueryChooser };

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
      } else if (Object.hasOwn(OUR_FUNCTIONS, init)) {
        OUR_FUNCTIONS[init](...args);
      } else {
        throw new Error(`<admin-init>: "${init}" is not an admin initialiser.`);
      }
    }
  }

  customElements.define("admin-init", AdminInit);
})();
