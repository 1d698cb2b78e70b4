// Progressive enhancement for the questionnaire: after a failed submission, move focus to
// the error summary so that keyboard and screen-reader users hear what to fix first.
// The page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
});
