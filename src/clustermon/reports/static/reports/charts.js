/* Draws the report's plotly figures (JSON in #report-charts) into every [data-chart] element.
   In a document rendered for PDF or Word (body[data-print]) the charts are still images.
   body[data-charts-ready] becomes "1" once every chart is drawn ("0" if plotly.js is missing). */
(function () {
  "use strict";
  function draw() {
    var body = document.body;
    var source = document.getElementById("report-charts");
    if (!source || !window.Plotly) {
      body.dataset.chartsReady = "0";
      return;
    }
    var figures = JSON.parse(source.textContent);
    var still = body.dataset.print === "1";
    var config = {displaylogo: false, responsive: !still, staticPlot: still,
                  modeBarButtonsToRemove: ["lasso2d", "select2d"]};
    var jobs = [];
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var figure = figures[element.dataset.chart];
      if (figure) {
        jobs.push(window.Plotly.newPlot(element, figure.data, figure.layout, config));
      }
    });
    Promise.all(jobs).then(function () {
      body.dataset.chartsReady = "1";
    }, function () {
      body.dataset.chartsReady = "0";
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
}());
