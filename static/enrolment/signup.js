// The sign-up form while it is being sent: one click only, and a word on the wait.
// Creating an account hashes the password on purpose slowly; in a rush of sign-ups the
// request queues behind others (docs/benchmarks.md), so the page says it is working.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.id !== "signup-form") return;
  if (form.dataset.sending === "yes") {
    event.preventDefault(); // a second click would only create a duplicate attempt
    return;
  }
  form.dataset.sending = "yes";
  const button = form.querySelector("[type=submit]");
  if (button) {
    button.setAttribute("aria-disabled", "true");
    button.classList.add("disabled");
    button.value = form.dataset.busyText || "Creating your account…";
  }
  const status = document.getElementById("signup-sending");
  if (status) status.hidden = false;
});
