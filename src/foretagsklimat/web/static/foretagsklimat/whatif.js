// What-if sliders: ask the server's engine for the new rank as a slider moves.
// Without JavaScript the same form is submitted to the page and computed there.
(function () {
  "use strict";
  var form = document.getElementById("whatif-form");
  if (!form || !window.fetch) { return; }
  var result = document.getElementById("whatif-result");
  var sliders = form.querySelectorAll("input[type=range]");
  var language = document.documentElement.lang === "en" ? "en" : "sv";
  var pending = null;
  var counter = 0;
  form.classList.add("js");
  // A range input snaps its value to its step, so "unchanged" means "where it started",
  // not the published value itself.
  sliders.forEach(function (slider) { slider.dataset.start = slider.value; });

  function format(value) {
    var text = Number(value).toFixed(2);
    return language === "sv" ? text.replace(".", ",") : text;
  }

  function changedQuery() {
    var parts = [];
    sliders.forEach(function (slider) {
      if (slider.value !== slider.dataset.start) {
        parts.push(encodeURIComponent(slider.name) + "=" + encodeURIComponent(slider.value));
      }
    });
    return parts.join("&");
  }

  function show(data) {
    var before = data.rank_before, after = data.rank, diff = before - after;
    var text;
    if (language === "sv") {
      text = "Ny placering: " + after + " (i dag " + before + ")";
      if (diff > 0) { text += ", " + diff + (diff === 1 ? " placering" : " placeringar") + " upp."; }
      else if (diff < 0) { text += ", " + (-diff) + (diff === -1 ? " placering" : " placeringar") + " ned."; }
      else { text += ", oförändrad."; }
    } else {
      text = "New rank: " + after + " (today " + before + ")";
      if (diff > 0) { text += ", " + diff + (diff === 1 ? " place" : " places") + " up."; }
      else if (diff < 0) { text += ", " + (-diff) + (diff === -1 ? " place" : " places") + " down."; }
      else { text += ", unchanged."; }
    }
    result.textContent = text;
    result.dataset.rank = String(after);
  }

  function update() {
    var query = changedQuery();
    var ticket = ++counter;
    fetch(form.dataset.api + (query ? "?" + query : ""), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response); })
      .then(function (data) { if (ticket === counter) { show(data); } })
      .catch(function () {
        result.textContent = language === "sv" ? "Kunde inte räkna om just nu." : "Could not recompute right now.";
      });
  }

  sliders.forEach(function (slider) {
    var output = document.getElementById(slider.id + "-out");
    slider.addEventListener("input", function () {
      if (output) { output.textContent = format(slider.value); }
      window.clearTimeout(pending);
      pending = window.setTimeout(update, 120);
    });
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  document.getElementById("whatif-reset").addEventListener("click", function () {
    sliders.forEach(function (slider) {
      slider.value = slider.dataset.initial;
      var output = document.getElementById(slider.id + "-out");
      if (output) { output.textContent = format(slider.value); }
    });
    update();
  });
}());
