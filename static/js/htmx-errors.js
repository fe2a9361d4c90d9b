// An htmx request that fails shows why where the person is looking, and leaves the page (and
// what they typed) as it was. The answers htmx swaps in (a form's errors, a conflict) need
// nothing from here; this covers the rest: not allowed, not found, too large, a server error,
// no connection. The message is the answer's own words when it has some (a plain-text answer,
// or a page's alert), so the server says what went wrong, not this script.
(function () {
  "use strict";

  function messageOf(xhr) {
    if (!xhr) return "The tracker could not be reached. Nothing was saved; try again.";
    var type = xhr.getResponseHeader("Content-Type") || "";
    var text = xhr.responseText || "";
    if (type.indexOf("text/plain") === 0 && text.trim()) return text.trim();
    if (type.indexOf("text/html") === 0 && text) {
      var page = new DOMParser().parseFromString(text, "text/html");
      var said = page.querySelector("main [role=alert], main .notice.error, main p");
      if (said && said.textContent.trim()) return said.textContent.trim();
    }
    return "The tracker answered with an error (" + xhr.status + "). Nothing was saved; try again.";
  }

  function show(target, message) {
    var anchor = target && target.isConnected ? target : document.getElementById("main");
    var note = anchor.previousElementSibling;
    if (!note || !note.classList.contains("htmx-error")) {
      note = document.createElement("p");
      note.className = "notice error htmx-error";
      note.setAttribute("role", "alert");
      anchor.parentNode.insertBefore(note, anchor);
    }
    note.textContent = message;
  }

  function clear(target) {
    var note = target && target.previousElementSibling;
    if (note && note.classList.contains("htmx-error")) note.remove();
  }

  document.addEventListener("htmx:responseError", function (event) {
    show(event.detail.target, messageOf(event.detail.xhr));
  });
  document.addEventListener("htmx:sendError", function (event) {
    show(event.detail.target, messageOf(null));
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    clear(event.detail.target);
  });
})();
