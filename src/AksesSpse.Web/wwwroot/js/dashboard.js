// "Dasbor kinerja" (/Dasbor): the two charts, drawn with Chart.js (served from /lib/chartjs, loaded on this page only) from the
// JSON blocks the page carries (the CSP allows no inline script). The tables under them hold the same figures.
(function () {
  function read(id) {
    var block = document.getElementById(id);
    return block ? JSON.parse(block.textContent) : null;
  }
  function percentAxis() {
    return { min: 0, max: 100, ticks: { callback: function (value) { return value + " %"; } } };
  }
  function tooltip() {
    return { callbacks: { label: function (item) {
      return (item.dataset.label ? item.dataset.label + ": " : "") + (item.raw === null ? "tidak ada data" : String(item.raw).replace(".", ",") + " %");
    } } };
  }
  var colors = ["#1d4e89", "#177245", "#9a6700", "#b42318", "#5f6b7a"];
  function draw() {
    if (typeof Chart === "undefined") { return; }
    var trend = read("chart-trend-data");
    var trendCanvas = document.getElementById("chart-trend");
    if (trend && trendCanvas) {
      new Chart(trendCanvas, {
        type: "line",
        data: {
          labels: trend.labels,
          datasets: trend.datasets.map(function (d, i) {
            return { label: d.label, data: d.data, borderColor: colors[i % colors.length], backgroundColor: colors[i % colors.length],
              borderWidth: i === 0 ? 3 : 2, spanGaps: true, tension: 0.2 };
          })
        },
        options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: percentAxis() },
          plugins: { tooltip: tooltip(), legend: { position: "bottom" } } }
      });
      trendCanvas.dataset.drawn = "1";
    }
    var steps = read("chart-steps-data");
    var stepsCanvas = document.getElementById("chart-steps");
    if (steps && stepsCanvas) {
      new Chart(stepsCanvas, {
        type: "bar",
        data: { labels: steps.labels, datasets: [{ label: "Tepat waktu", data: steps.data, backgroundColor: colors[0] }] },
        options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: percentAxis() },
          plugins: { tooltip: tooltip(), legend: { display: false } } }
      });
      stepsCanvas.dataset.drawn = "1";
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
