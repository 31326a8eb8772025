// The gradebook opens on this week's labs: when they would be off-screen, scroll the table
// sideways so the first of them sits just right of the fixed student column. The earlier
// weeks and the at-risk column stay one scroll to the left.
document.addEventListener("DOMContentLoaded", () => {
  const current = document.querySelector("table.gradebook th[data-current-week]");
  const region = current && current.closest(".scroll-region");
  if (!region) return;
  const student = region.querySelector("thead th");
  const fixed = student ? student.getBoundingClientRect().width : 0;
  const offset = current.getBoundingClientRect().left - region.getBoundingClientRect().left;
  if (offset + current.getBoundingClientRect().width > region.clientWidth) {
    region.scrollLeft = Math.max(0, offset - fixed - 8);
  }
});
