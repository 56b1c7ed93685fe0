// Document page: jump from a record field to its span in the text and flash it; hovering an
// entity in the record outlines its mentions.  Text is never written as HTML here.
(function () {
  "use strict";
  var text = document.getElementById("text");
  if (!text) return;

  function segmentsFor(id) {
    return text.querySelectorAll('[data-ann~="' + CSS.escape(id) + '"]');
  }

  function flash(id) {
    var segs = segmentsFor(id);
    segs.forEach(function (s) { s.classList.add("flash"); });
    setTimeout(function () { segs.forEach(function (s) { s.classList.remove("flash"); }); }, 1600);
  }

  document.addEventListener("click", function (ev) {
    var a = ev.target.closest("a.jump");
    if (!a) return;
    var id = a.getAttribute("data-target");
    var anchor = document.getElementById("a-" + id);
    if (!anchor) return;
    ev.preventDefault();
    anchor.scrollIntoView({ behavior: "smooth", block: "center" });
    history.replaceState(null, "", "#a-" + id);
    flash(id);
  });

  document.querySelectorAll(".entity[data-ent]").forEach(function (li) {
    var id = li.getAttribute("data-ent");
    li.addEventListener("mouseenter", function () {
      segmentsFor(id).forEach(function (s) {
        var ent = s.querySelector(".ent"); if (ent) ent.classList.add("hl");
      });
    });
    li.addEventListener("mouseleave", function () {
      text.querySelectorAll(".ent.hl").forEach(function (e) { e.classList.remove("hl"); });
    });
  });

  // Arriving with #a-... (from an event or actor page): flash that span.
  if (location.hash.indexOf("#a-") === 0) flash(location.hash.slice(3));
})();
