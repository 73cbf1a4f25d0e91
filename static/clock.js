/* Assemblée: the meeting clocks tick from the server's times.
 *
 * A running clock (templates/meetings/_clock.html) carries data-clock-end, when it
 * reaches zero, and data-now, the server's time when the page or fragment was made.
 * The browser's own clock may be minutes off: we keep the offset between the two,
 * on a monotonic clock (performance.now), and count from the server's time only, so
 * the conduct page, the projector and phones read the same figure. A polled fragment
 * may come from the browser's cache with an older data-now; an old data-now gives a
 * smaller offset than the true one (as does the network's delay), so the largest
 * offset seen is the best. Same rule as meetings.models.Countdown: seconds left,
 * rounded up; below zero, over time. Plain ES5, for old phones.
 */
(function () {
  "use strict";
  var offset = null; // server time minus performance.now(), in milliseconds

  function mono() {
    return window.performance && performance.now ? performance.now() : Date.now();
  }

  function learn(element) {
    if (element.getAttribute("data-clock-seen")) return;
    element.setAttribute("data-clock-seen", "1");
    var now = Date.parse(element.getAttribute("data-now"));
    if (!isNaN(now) && (offset === null || now - mono() > offset)) offset = now - mono();
  }

  function figure(seconds) {
    var s = Math.abs(seconds);
    var rest = s % 60;
    return Math.floor(s / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function show(element, left) {
    var over = left < 0;
    var text = figure(left);
    var figures = element.querySelectorAll(".figure");
    for (var i = 0; i < figures.length; i++) {
      if (figures[i].textContent !== text) figures[i].textContent = text;
    }
    var inTime = element.querySelector(".left");
    var up = element.querySelector(".up");
    if (inTime) inTime.hidden = over;
    if (up) up.hidden = !over;
    var name = element.className.replace(/ over\b/g, "") + (over ? " over" : "");
    if (element.className !== name) element.className = name;
  }

  function tick() {
    var clocks = document.querySelectorAll("[data-clock-end]");
    for (var i = 0; i < clocks.length; i++) learn(clocks[i]);
    if (offset === null) return;
    var now = mono() + offset;
    for (var j = 0; j < clocks.length; j++) {
      var end = Date.parse(clocks[j].getAttribute("data-clock-end"));
      if (!isNaN(end)) show(clocks[j], Math.ceil((end - now) / 1000));
    }
  }

  tick();
  // Four times a second, so that two screens never differ by more than a quarter of one;
  // nothing is written unless a figure changes.
  setInterval(tick, 250);
  // A fragment swapped in by a poll shows its figures at once.
  document.addEventListener("htmx:afterSwap", tick);
  document.addEventListener("htmx:oobAfterSwap", tick);
})();
