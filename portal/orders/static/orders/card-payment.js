// Paying by card (the flow is described in portal/orders/stripe_gateway.py).
// 1. Stripe.js confirms the SetupIntent with the card the buyer types (and runs 3-D Secure if the card
//    asks for it); 2. the server charges the saved card for the order's total; 3. only if the bank asks
//    again, Stripe.js runs 3-D Secure for the payment; 4. the order page asks the server, which checks
//    with Stripe, whether the order is paid. The browser never says how much to charge.
(function () {
  "use strict";

  var form = document.getElementById("card-payment-form");
  if (!form || typeof window.Stripe !== "function") {
    return;
  }
  var stripe = window.Stripe(form.dataset.publishableKey);
  var card = stripe.elements().create("card", { hidePostalCode: true });
  var errorBox = document.getElementById("card-errors");
  var button = form.querySelector("button[type=submit]");
  var csrfToken = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  card.mount("#card-element");
  form.hidden = false;
  document.getElementById("card-payment-needs-javascript").hidden = true;

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
    errorBox.focus();
    button.disabled = false;
  }

  function charge(setupIntentId) {
    var body = new URLSearchParams({ setup_intent: setupIntentId });
    return fetch(form.dataset.chargeUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken, Accept: "application/json" },
      body: body,
    }).then(function (response) {
      return response.json();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    errorBox.hidden = true;
    stripe
      .confirmCardSetup(form.dataset.setupSecret, { payment_method: { card: card } })
      .then(function (setup) {
        if (setup.error) {
          throw new Error(setup.error.message || form.dataset.genericError);
        }
        return charge(setup.setupIntent.id);
      })
      .then(function (result) {
        if (result.status === "requires_action") {
          return stripe.confirmCardPayment(result.client_secret).then(function () {
            // Whatever the bank said, the server checks the payment with Stripe itself.
            window.location.assign(result.next_url);
          });
        }
        window.location.assign(result.next_url);
      })
      .catch(function (error) {
        showError(error.message || form.dataset.genericError);
      });
  });
})();
