// Lodestar's accessibility touches to Django's admin, run once the admin's own scripts
// have built their widgets (their "load" listeners were registered before this one).
window.addEventListener("load", () => {
  window.setTimeout(() => {
    // filter_horizontal (SelectFilter2.js) draws its search icon as a <span> with an
    // aria-label but no role, which assistive technology ignores: make it an image.
    document.querySelectorAll("span.search-label-icon[aria-label]").forEach((icon) => {
      icon.setAttribute("role", "img");
    });
    // A tabular inline scrolls sideways on a phone: let the keyboard reach and scroll it,
    // and say what it holds.
    document.querySelectorAll(".inline-group").forEach((group) => {
      if (!group.querySelector(".tabular")) return;
      const heading = group.querySelector("h2");
      group.setAttribute("tabindex", "0");
      group.setAttribute("role", "region");
      group.setAttribute("aria-label", heading ? heading.textContent.trim() : "Related rows");
    });
    // The changelist's table scrolls in place on a phone too.
    document.querySelectorAll("#changelist .results").forEach((results) => {
      const title = document.querySelector("#content h1");
      results.setAttribute("tabindex", "0");
      results.setAttribute("role", "region");
      results.setAttribute("aria-label", title ? title.textContent.trim() : "Results");
    });
  }, 0);
});
