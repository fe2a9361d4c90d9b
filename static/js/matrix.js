// The matrix: when htmx puts a cell's evidence in the panel, mark that cell as the open one and
// move the focus to the panel, so a keyboard or screen reader user lands on what they opened.
document.addEventListener("htmx:afterSwap", (event) => {
  const panel = document.getElementById("evidence-panel");
  if (!panel || event.detail.target !== panel && !panel.contains(event.detail.elt)) return;
  const opened = event.detail.requestConfig && event.detail.requestConfig.elt;
  document.querySelectorAll('.cell-link[aria-current="true"]').forEach((cell) => {
    cell.removeAttribute("aria-current");
  });
  if (panel.classList.contains("is-open")) {
    if (opened && opened.classList.contains("cell-link")) opened.setAttribute("aria-current", "true");
    panel.focus();
  }
});
