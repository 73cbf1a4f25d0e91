/* Assemblée: a poll that brings nothing new changes nothing on the page.
 *
 * The phone and the conduct page poll every few seconds; each part of their live block
 * comes back out of band (templates/meetings/phone.html, conduct.html). A phone's poll is
 * answered 304 while nothing changed, yet the browser hands htmx the copy it kept, as a
 * 200; the conduct page renders afresh each time. Swapping an unchanged part again would
 * rebuild it for nothing, and could make a screen reader read a live region (who speaks,
 * who waits) once more: an unchanged part is left as it is. Plain ES5, for old phones.
 */
(function () {
  "use strict";

  // Each response signs its forms' CSRF token afresh; the old one stays good as long as
  // the session (WTF_CSRF_TIME_LIMIT = None), so a new token alone is no change.
  function meaning(html) {
    return html.replace(/(name="csrf_token" value=")[^"]*"/g, '$1"');
  }

  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var detail = event.detail;
    var incoming = detail.fragment;
    var before, after;
    if (incoming.nodeType === 1) {
      // innerHTML: the element that came is the fragment, its children the content
      before = detail.target.innerHTML;
      after = incoming.innerHTML;
    } else {
      // outerHTML: the fragment holds the element that replaces the target
      before = detail.target.outerHTML;
      after = incoming.firstElementChild ? incoming.firstElementChild.outerHTML : "";
    }
    if (meaning(before) === meaning(after)) detail.shouldSwap = false;
    else keepChoice(detail.target, incoming);
  });

  // A list of choices that comes back changed (someone joined the meeting) keeps the
  // choice made in it, when that choice is still there.
  function keepChoice(target, incoming) {
    var old = target.querySelector("select[id]");
    var twin = old && incoming.querySelector ? incoming.querySelector("#" + old.id) : null;
    if (!twin || twin.tagName !== "SELECT") return;
    for (var i = 0; i < twin.options.length; i++) {
      if (twin.options[i].value === old.value) twin.selectedIndex = i;
    }
  }
})();
