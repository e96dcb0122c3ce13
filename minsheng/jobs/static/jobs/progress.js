/* A job's page follows its progress without reloading: the status line is a polite live
   region, so screen readers announce each change without being interrupted. Without this
   script the page offers a link to look again. */
(function () {
  "use strict";
  var root = document.querySelector("[data-job-status-url]");
  if (!root) { return; }
  var url = root.getAttribute("data-job-status-url");
  var INTERVAL = 3000;

  function part(name) { return root.querySelector("[data-job-" + name + "]"); }

  function setText(element, text) {
    if (element && element.textContent !== text) { element.textContent = text; }
  }

  function show(job) {
    setText(part("status"), job.status_display + (job.message ? ": " + job.message : ""));
    root.querySelector("progress").value = job.percent;
    var percent = part("percent");
    setText(percent, percent.getAttribute("data-template").replace("{percent}", job.percent));
    setText(part("count"), job.total ? "(" + job.progress + " / " + job.total + ")" : "");
  }

  function finish(job) {
    var heading = part("heading");
    setText(heading, heading.getAttribute("data-finished-text"));
    part("script").hidden = true;
    if (job.status === "failed") { part("failed").hidden = false; }
    var next = part("next");
    if (next) { next.hidden = false; }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (job) {
        show(job);
        if (job.finished) { finish(job); } else { window.setTimeout(poll, INTERVAL); }
      })
      .catch(function () { window.setTimeout(poll, INTERVAL * 2); });
  }

  part("no-script").hidden = true;
  part("script").hidden = false;
  window.setTimeout(poll, INTERVAL);
})();
