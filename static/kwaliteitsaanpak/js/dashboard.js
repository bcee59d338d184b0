/* The programme dashboard's charts (Chart.js, static/vendor/chartjs). The figures come from the page's
   json_script "dashboard-chart-data"; every chart has the same figures in a table on the page, so without
   JavaScript (or without Chart.js) nothing is lost: the canvases stay hidden. */
(function () {
  "use strict";

  var COLOURS = {
    red: "#b30000",
    orange: "#d06f00",
    green: "#2f7d32",
    blue: "#004699",
    lightBlue: "#6c9bd2",
    grey: "#767676",
  };

  function euro(value) {
    return new Intl.NumberFormat("nl-NL", { style: "currency", currency: "EUR", maximumFractionDigits: 0 }).format(value);
  }

  function options(extra) {
    var base = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: false } },
    };
    return Object.assign(base, extra || {});
  }

  var BUILDERS = {
    reference: function (data) {
      return {
        type: "doughnut",
        data: {
          labels: data.labels,
          datasets: [{ data: data.values, backgroundColor: [COLOURS.red, COLOURS.orange, COLOURS.green] }],
        },
        options: options({ plugins: { legend: { display: true, position: "bottom" } } }),
      };
    },
    phases: function (data) {
      return {
        type: "bar",
        data: { labels: data.labels, datasets: [{ data: data.values, backgroundColor: COLOURS.blue }] },
        options: options({
          indexAxis: "y",
          scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
        }),
      };
    },
    money: function (data) {
      var colours = [COLOURS.lightBlue, COLOURS.blue, COLOURS.green];
      return {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: data.series.map(function (series, index) {
            return { label: series.label, data: series.values, backgroundColor: colours[index % colours.length] };
          }),
        },
        options: options({
          plugins: {
            legend: { display: true, position: "bottom" },
            tooltip: {
              callbacks: {
                label: function (context) {
                  return context.dataset.label + ": " + euro(context.parsed.y);
                },
              },
            },
          },
          scales: { y: { beginAtZero: true, ticks: { callback: euro } } },
        }),
      };
    },
  };

  function draw() {
    var source = document.getElementById("dashboard-chart-data");
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var figures = JSON.parse(source.textContent);
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var build = BUILDERS[canvas.dataset.chart];
      var data = figures[canvas.dataset.chart];
      if (!build || !data) {
        return;
      }
      canvas.closest(".chart-box").classList.add("has-chart");
      new window.Chart(canvas, build(data));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
