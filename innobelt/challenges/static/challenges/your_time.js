// Deadlines are enforced and shown in China time (Asia/Shanghai). A reader whose browser keeps another clock also
// sees each deadline in their own time zone: every <time class="your-time" datetime="…" data-label="…" hidden>
// is filled and shown; it stays hidden where the browser's clock is China's at that moment.
(function () {
  var CHINA_OFFSET_MINUTES = 480;
  document.querySelectorAll("time.your-time[datetime]").forEach(function (el) {
    var when = new Date(el.getAttribute("datetime"));
    if (isNaN(when.getTime()) || -when.getTimezoneOffset() === CHINA_OFFSET_MINUTES) {
      return;
    }
    var shown = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
      year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
      hourCycle: "h23", timeZoneName: "short"
    }).format(when);
    el.textContent = "(" + el.getAttribute("data-label") + ": " + shown + ")";
    el.hidden = false;
  });
})();
