/* Keeps every job progress bar of the page (.job-progress[data-job-status-url]) up to date: asks the
   server for the job's state every second until it is done or failed. The state lives in the
   database, so a reloaded page simply starts polling again from where the job is. */
(function () {
  "use strict";
  var INTERVAL = 1000;

  function show(box, s) {
    var fill = box.querySelector(".job-fill");
    var bar = box.querySelector(".job-bar");
    fill.style.width = s.percent + "%";
    fill.className = "job-fill status-" + s.status;
    bar.setAttribute("aria-valuenow", String(s.percent));
    box.querySelector(".job-percent").textContent = s.percent + "%";
    box.querySelector(".job-status").textContent = s.status_label;
    box.querySelector(".job-steps").textContent = s.total ? "(" + s.done + "/" + s.total + ")" : "";
    var message = box.querySelector(".job-message");
    message.textContent = s.message;
    message.classList.toggle("error", s.status === "failed");
    [["job-download", s.download], ["job-view", s.view]].forEach(function (pair) {
      var link = box.querySelector("." + pair[0]);
      if (link && pair[1]) {
        link.href = pair[1];
        link.hidden = false;
      }
    });
    box.dataset.jobStatus = s.status;
    box.dataset.finished = s.finished ? "1" : "0";
  }

  function poll(box) {
    fetch(box.dataset.jobStatusUrl, {credentials: "same-origin", cache: "no-store",
                                     headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (s) {
        show(box, s);
        if (!s.finished) { window.setTimeout(function () { poll(box); }, INTERVAL); }
      })
      .catch(function () {
        window.setTimeout(function () { poll(box); }, INTERVAL * 3);
      });
  }

  function start() {
    document.querySelectorAll(".job-progress[data-job-status-url]").forEach(function (box) {
      if (box.dataset.finished !== "1") { window.setTimeout(function () { poll(box); }, INTERVAL); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
