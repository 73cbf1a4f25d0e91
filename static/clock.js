/* Assemblée: the meeting clocks tick from the server's times.
 *
 * A running clock (templates/meetings/_clock.html) carries data-clock-end, when it
 * reaches zero, and data-now, the server's time when the page or fragment was made.
 * The browser's own clock may be minutes off: we keep the offset between the server's
 * time and a monotonic clock (performance.now), learnt from each response as it
 * arrives, so the conduct page, the projector and phones read the same figure. The
 * server was at least at data-now when a response arrived, so each gives a lower bound
 * of the offset, and the largest is the best: a page slow to load, or a polled fragment
 * the browser takes from its cache with an older data-now, only gives a smaller one.
 * Same rule as meetings.models.Countdown: seconds left, rounded up; below zero, over
 * time. Plain ES5, for old phones.
 */
(function () {
  "use strict";
  var monotonic = !!(window.performance && performance.now);
  var offset = null; // the server's time minus mono(), in milliseconds
  var arrived = pageArrived(); // mono() when the response being shown arrived

  function mono() {
    return monotonic ? performance.now() : Date.now();
  }

  function pageArrived() {
    var timing = monotonic && performance.timing;
    if (timing && timing.responseStart && timing.navigationStart) {
      return timing.responseStart - timing.navigationStart;
    }
    return mono();
  }

  function learn(element) {
    if (element.getAttribute("data-clock-seen")) return;
    element.setAttribute("data-clock-seen", "1");
    var bound = Date.parse(element.getAttribute("data-now")) - arrived;
    if (!isNaN(bound) && (offset === null || bound > offset)) offset = bound;
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
  // A fragment swapped in by a poll: when it arrived, then its figures at once.
  document.addEventListener("htmx:beforeSwap", function () {
    arrived = mono();
  });
  document.addEventListener("htmx:afterSwap", tick);
  document.addEventListener("htmx:oobAfterSwap", tick);
})();
