/* Draws the rank intervals of the robustness page (figure JSON in #robustness-chart) with the
   plotly.js the reports serve; without plotly.js the chart stays hidden and the table's own bars
   show the same intervals. */
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("robustness-chart");
    var element = document.querySelector("[data-robustness-chart]");
    if (!source || !element || !window.Plotly) { return; }
    var figure = JSON.parse(source.textContent);
    if (!figure) { return; }
    element.hidden = false;
    window.Plotly.newPlot(element, figure.data, figure.layout,
                          {displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d"]});
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
}());
