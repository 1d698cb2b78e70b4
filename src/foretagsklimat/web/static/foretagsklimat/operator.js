// Live response rates: every element with data-refresh="URL" is re-fetched every 30 s
// and its content replaced. Without JavaScript the page shows the table as loaded.
(function () {
  "use strict";
  var INTERVAL = 30000;
  function refresh(element) {
    fetch(element.getAttribute("data-refresh"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) { element.innerHTML = html; } })
      .catch(function () { /* keep the last table; try again next time */ });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var elements = document.querySelectorAll("[data-refresh]");
    if (!elements.length) { return; }
    window.setInterval(function () {
      if (document.hidden) { return; }
      elements.forEach(refresh);
    }, INTERVAL);
  });
})();
