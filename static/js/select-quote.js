// Source page, for editors: turns a selection in the article into offsets into the stored text
// and offers it to the position form (the selection form at the foot of the article).
//
// Each paragraph (<p class="para" data-start="N">) is one line of the source text starting at
// character N. Its text nodes are the text itself, except the note numbers (.note-ref) that the
// page adds after excerpts, which are skipped. Offsets are counted in Unicode code points, as
// Python indexes strings, not in JavaScript's UTF-16 units. The server reads the quote from its
// own copy of the text at these offsets, so nothing here is trusted as the quote.
(function () {
  "use strict";

  var article = document.querySelector("[data-select-quote]");
  var form = document.getElementById("selection-form");
  if (!article || !form) return;

  var startInput = form.querySelector("input[name=start]");
  var endInput = form.querySelector("input[name=end]");
  var preview = form.querySelector(".selection-preview");
  var button = form.querySelector("button");
  var sourceLength = parseInt(article.getAttribute("data-source-length"), 10);
  form.hidden = false;

  function codePoints(text) {
    return Array.from(text).length;
  }

  function paragraphs() {
    return Array.prototype.slice.call(article.querySelectorAll("p.para[data-start]"));
  }

  function textNodes(paragraph) {
    var walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement.closest(".note-ref")
          ? NodeFilter.FILTER_REJECT
          : NodeFilter.FILTER_ACCEPT;
      },
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    return nodes;
  }

  function paragraphLength(paragraph) {
    return textNodes(paragraph).reduce(function (sum, node) {
      return sum + codePoints(node.data);
    }, 0);
  }

  // The offset in the source text of a boundary point (node, offset) of the selection.
  // A point between paragraphs (a triple-click ends at the next block) moves to the nearest
  // paragraph edge: forwards for a start, backwards for an end.
  function sourceOffset(node, offset, isEnd) {
    var point = document.createRange();
    point.setStart(node, offset);
    var element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    var paragraph = element && element.closest("p.para[data-start]");
    if (!paragraph || !article.contains(paragraph)) {
      var all = paragraphs();
      if (isEnd) {
        var before = all.filter(function (p) {
          return point.comparePoint(p, p.childNodes.length) <= 0;
        });
        if (!before.length) return null;
        paragraph = before[before.length - 1];
        return parseInt(paragraph.dataset.start, 10) + paragraphLength(paragraph);
      }
      var after = all.filter(function (p) {
        return point.comparePoint(p, 0) >= 0;
      });
      if (!after.length) return null;
      return parseInt(after[0].dataset.start, 10);
    }
    var count = 0;
    var nodes = textNodes(paragraph);
    for (var i = 0; i < nodes.length; i++) {
      var text = nodes[i];
      if (text === node) {
        count += codePoints(text.data.slice(0, offset));
        break;
      }
      if (point.comparePoint(text, 0) > 0) break; // starts after the point
      count += codePoints(text.data); // ends at or before the point
    }
    return parseInt(paragraph.dataset.start, 10) + count;
  }

  function update() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
    var range = selection.getRangeAt(0);
    if (!article.contains(range.commonAncestorContainer)) return;
    var start = sourceOffset(range.startContainer, range.startOffset, false);
    var end = sourceOffset(range.endContainer, range.endOffset, true);
    if (start === null || end === null || !(start < end) || end > sourceLength) return;
    var words = selection.toString().replace(/\s+/g, " ").trim();
    if (!words) return;
    startInput.value = start;
    endInput.value = end;
    preview.textContent =
      "Selected: “" + (words.length > 140 ? words.slice(0, 140) + "…" : words) + "”";
    button.disabled = false;
  }

  var pending = null;
  function soon() {
    clearTimeout(pending);
    pending = setTimeout(update, 120);
  }
  article.addEventListener("mouseup", update);
  article.addEventListener("keyup", soon);
  // Touch screens select with handles and fire no mouseup.
  document.addEventListener("selectionchange", soon);

  // When the form opens, take the keyboard to its first field.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "position-slot") {
      var first = event.detail.target.querySelector("input:not([type=hidden]), select");
      if (first) first.focus({ preventScroll: true });
    }
  });
})();
