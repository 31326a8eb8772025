// The certificate's "Print or save as PDF" button (no inline scripts under the CSP).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
