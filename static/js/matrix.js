// The matrix: the open cell's evidence is in a panel beside the grid. When htmx puts a cell's
// evidence there, mark that cell as the open one, keep it in view clear of the panel, and move
// the focus to the panel, so a keyboard or screen reader user lands on what they opened. A cell's
// address loaded afresh scrolls to its cell too (a link from the page carries #cell-… for that).

function cellFor(path) {
  const match = /\/matrix\/cell\/([^/]+)\/([^/?#]+)\//.exec(path || "");
  return match ? document.getElementById(`cell-${decodeURIComponent(match[1])}-${match[2]}`) : null;
}

document.addEventListener("htmx:afterSettle", (event) => {
  const target = event.detail.target;
  const panel = document.getElementById("evidence-panel");
  if (!panel || !target || target.id !== "evidence-panel") return;
  document.querySelectorAll('.cell-link[aria-current="true"]').forEach((cell) => {
    cell.removeAttribute("aria-current");
  });
  if (!panel.classList.contains("is-open")) return;
  const path = event.detail.pathInfo && event.detail.pathInfo.requestPath;
  const opened = cellFor(path);
  if (opened) {
    opened.setAttribute("aria-current", "true");
    opened.scrollIntoView({ block: "nearest", inline: "nearest" });
  }
  panel.focus({ preventScroll: true });
});

document.addEventListener("DOMContentLoaded", () => {
  const open = document.querySelector('.cell-link[aria-current="true"]');
  if (open && !window.location.hash) open.scrollIntoView({ block: "nearest", inline: "nearest" });
});
