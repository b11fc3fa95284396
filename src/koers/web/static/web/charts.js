// Replace each server-rendered chart by the same Vega-Lite specification drawn in the
// browser (tooltips, resizing). Vega's expression interpreter keeps eval out, as the
// content security policy demands. Without JavaScript the server's SVG stays.
document.querySelectorAll("figure.koers-chart[data-spec]").forEach((figure) => {
  const source = document.getElementById(figure.dataset.spec);
  const live = figure.querySelector(".koers-chart__live");
  if (!source || !live || typeof vegaEmbed === "undefined") return;
  const spec = JSON.parse(source.textContent);
  vegaEmbed(live, spec, {
    ast: true,
    expr: vega.expressionInterpreter,
    actions: false,
    renderer: "svg",
  })
    .then(() => {
      figure.classList.add("koers-chart--live");
    })
    .catch(() => {
      live.remove();
    });
});
