/* Starts Swagger UI on /api/v1/docs (templates/api/docs.html) and names the icon buttons
   it draws without a name (axe: button-name), as they appear: the dialog's close button
   and the copy buttons over a response and its curl command. */
(function () {
  "use strict";
  const settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  settings.dom_id = "#swagger-ui";
  settings.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  SwaggerUIBundle(settings);

  const root = document.getElementById("swagger-ui");
  const mend = () => {
    const unnamed = {
      "button.close-modal": "Close",
      ".copy-to-clipboard > button": "Copy to clipboard",
    };
    for (const [selector, name] of Object.entries(unnamed)) {
      root.querySelectorAll(`${selector}:not([aria-label])`).forEach((button) => {
        button.setAttribute("aria-label", name);
      });
    }
  };
  new MutationObserver(mend).observe(root, {childList: true, subtree: true});
})();
