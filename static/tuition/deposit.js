// The deposit page: Stripe.js takes the card and confirms the SetupIntent with Stripe, then
// the form posts only the SetupIntent's id to Lodestar (which never sees the card).
(function () {
  const form = document.getElementById("deposit-form");
  if (!form || typeof Stripe === "undefined") return;
  const stripe = Stripe(form.dataset.publishableKey);
  const card = stripe.elements().create("card");
  card.mount("#card-element");
  const errors = document.getElementById("card-errors");
  let confirmed = false;
  form.addEventListener("submit", async (event) => {
    if (confirmed) return;
    event.preventDefault();
    errors.textContent = "";
    const result = await stripe.confirmCardSetup(form.dataset.clientSecret, {
      payment_method: { card: card },
    });
    if (result.error) {
      errors.textContent = result.error.message || "The card was not accepted.";
      return;
    }
    form.elements.setup_intent.value = result.setupIntent.id;
    confirmed = true;
    form.submit();
  });
})();
