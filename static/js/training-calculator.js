// Training price calculator: shows the price as the user chooses a format and types the number of
// staff. The server works the price out (the page's price/ route); this file only asks and shows.
// Without it the form still submits and the page shows the same price.
(() => {
  const form = document.querySelector("[data-training-calculator]");
  const result = document.querySelector("[data-calculator-result]");
  if (!form || !form.dataset.priceUrl || !result || !window.fetch) return;

  // Without this script the form jumps to "#training-price" so the answer is in view. Jumping to a
  // fragment takes focus away from the error summary that site.js focuses, so with the script the
  // form submits to the plain path and the script brings the answer into view itself.
  form.setAttribute("action", window.location.pathname);
  const submitted = new URLSearchParams(window.location.search).has("format");
  if (submitted && !document.querySelector("[data-error-summary]")) {
    result.scrollIntoView({ block: "center" });
  }

  const WAIT_MS = 300;
  let timer = null;
  let controller = null;

  const show = (lines) => {
    result.replaceChildren(
      ...lines.map(({ text, className }) => {
        const paragraph = document.createElement("p");
        if (className) paragraph.className = className;
        paragraph.textContent = text;
        return paragraph;
      }),
    );
  };

  const update = async () => {
    const params = new URLSearchParams(new FormData(form));
    if (!params.get("format") || !params.get("staff")) {
      show([{ text: result.dataset.prompt }]);
      return;
    }
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      const response = await fetch(`${form.dataset.priceUrl}?${params}`, {
        headers: { Accept: "application/json" },
        signal: controller.signal,
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const data = await response.json();
      if (data.valid) {
        show([{ text: data.total, className: "calculator__total" }, { text: data.summary }]);
      } else {
        show(Object.values(data.errors).flat().map((text) => ({ text, className: "calculator__error" })));
      }
    } catch (error) {
      if (error.name === "AbortError") return;
      show([{ text: "The price could not be worked out just now. Select “Show the price” to try again." }]);
    }
  };

  const scheduleUpdate = () => {
    clearTimeout(timer);
    timer = setTimeout(update, WAIT_MS);
  };
  form.addEventListener("input", scheduleUpdate);
  form.addEventListener("change", scheduleUpdate);
})();
