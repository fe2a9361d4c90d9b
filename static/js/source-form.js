// The add-source form: a text over the limit is refused here, before it is sent, with the
// words the server uses, so a very long paste is never lost to an error page. (The server
// checks again: this only saves the round trip.)
(function () {
  "use strict";

  var form = document.querySelector("form.source-form[data-max-chars]");
  if (!form) return;
  var limit = parseInt(form.getAttribute("data-max-chars"), 10);
  var text = form.querySelector("textarea[name=text]");

  function tooLong() {
    // Characters as Python counts them (code points), with line endings as the server keeps them.
    var length = Array.from(text.value.replace(/\r\n?/g, "\n")).length;
    if (length <= limit) return "";
    return (
      "The text is " + length.toLocaleString("en") + " characters long; the limit is " +
      limit.toLocaleString("en") + " characters."
    );
  }

  function say(message) {
    var region = document.getElementById("suggestions");
    var hint = region && region.querySelector(".hint");
    if (!hint) return;
    region.querySelectorAll("ol").forEach(function (list) { list.remove(); });
    hint.textContent = message;
    hint.setAttribute("role", "alert");
  }

  form.addEventListener("submit", function (event) {
    var message = tooLong();
    if (message) {
      event.preventDefault();
      say(message + " Nothing was saved; shorten the text.");
    }
  });
  document.body.addEventListener("htmx:confirm", function (event) {
    if (!form.contains(event.detail.elt)) return;
    var message = tooLong();
    if (message) {
      event.preventDefault();
      say(message);
    }
  });
})();
