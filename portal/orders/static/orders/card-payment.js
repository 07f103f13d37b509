// Paying by card (the flow is described in portal/orders/stripe_gateway.py).
// 1. Stripe.js confirms the SetupIntent with the card the buyer types (and runs 3-D Secure if the card
//    asks for it); 2. the server charges the saved card for the order's total; 3. only if the bank asks
//    again, Stripe.js runs 3-D Secure for the payment; 4. the order page asks the server, which checks
//    with Stripe, whether the order is paid. The browser never says how much to charge.
// When the payment does not go through (a declined card, a refusal), the reason is shown by the card and
// in the error summary, which takes focus, without leaving the page: what was typed stays, and the server
// gives a new SetupIntent for the next try.
(function () {
  "use strict";

  var form = document.getElementById("card-payment-form");
  if (!form || typeof window.Stripe !== "function") {
    return;
  }
  var stripe = window.Stripe(form.dataset.publishableKey);
  var card = stripe.elements().create("card", { hidePostalCode: true });
  var cardElement = document.getElementById("card-element");
  var summary = document.getElementById("card-problem");
  var group = document.getElementById("card-group");
  var fieldError = document.getElementById("card-errors");
  var problemTexts = document.querySelectorAll("[data-card-problem]");
  var button = form.querySelector("button[type=submit]");
  var csrfToken = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var title = document.title.replace(/^Error: /, "");

  card.mount(cardElement);
  form.hidden = false;
  document.getElementById("card-payment-needs-javascript").hidden = true;

  function showProblem(message) {
    problemTexts.forEach(function (text) {
      text.textContent = message;
    });
    summary.hidden = false;
    fieldError.hidden = false;
    group.classList.add("form-group--error");
    document.title = "Error: " + title;
    button.disabled = false;
    summary.focus();
  }

  function clearProblem() {
    summary.hidden = true;
    fieldError.hidden = true;
    group.classList.remove("form-group--error");
    document.title = title;
  }

  // The summary's link goes to the card: Stripe's field takes focus (the emulator's stand-in has inputs).
  summary.querySelector("a").addEventListener("click", function (event) {
    event.preventDefault();
    if (typeof card.focus === "function") {
      card.focus();
    } else {
      cardElement.querySelector("input").focus();
    }
  });

  function charge(setupIntentId) {
    var body = new URLSearchParams({ setup_intent: setupIntentId });
    return fetch(form.dataset.chargeUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken, Accept: "application/json" },
      body: body,
    }).then(function (response) {
      // A refusal is JSON too; anything else (an error page) fails here and shows the generic message.
      return response.json();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    clearProblem();
    stripe
      .confirmCardSetup(form.dataset.setupSecret, { payment_method: { card: card } })
      .then(function (setup) {
        if (setup.error) {
          throw { problem: setup.error.message };
        }
        return charge(setup.setupIntent.id);
      })
      .then(function (result) {
        if (!result.next_url) {
          // Not paid: the card's SetupIntent is used up, so the next try gets the new one.
          if (result.setup_secret) {
            form.dataset.setupSecret = result.setup_secret;
          }
          throw { problem: result.message };
        }
        if (result.status === "requires_action") {
          return stripe.confirmCardPayment(result.client_secret).then(function () {
            // Whatever the bank said, the server checks the payment with Stripe itself.
            window.location.assign(result.next_url);
          });
        }
        window.location.assign(result.next_url);
      })
      .catch(function (error) {
        // Stripe's and the server's messages are written for the buyer; a network or server fault is not.
        showProblem((error && error.problem) || form.dataset.genericError);
      });
  });
})();
