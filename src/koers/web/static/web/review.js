// The document review: working in an item's fields shows the line it was read from in the
// text beside the form, without moving the form. Without JavaScript the links between an
// item and its line still lead from one to the other.
(() => {
  const pane = document.querySelector(".koers-review .koers-lines");
  const form = document.getElementById("voorstel");
  if (!pane || !form) return;
  let current = null;
  const beside = () => getComputedStyle(pane.closest(".koers-source")).position === "sticky";
  const show = (item) => {
    const line = document.getElementById("regel-" + item.dataset.line);
    if (!line || line === current) return;
    if (current) current.classList.remove("koers-line--current");
    line.classList.add("koers-line--current");
    current = line;
    pane.scrollTop = line.offsetTop - pane.offsetTop - pane.clientHeight / 3;
  };
  form.addEventListener("focusin", (event) => {
    const item = event.target.closest("fieldset[data-line]");
    if (item && beside()) show(item);
  });
  form.addEventListener("click", (event) => {
    const link = event.target.closest(".koers-item__source a");
    if (!link || !beside()) return;
    event.preventDefault(); // the line is shown in the pane; the form stays where it is
    show(link.closest("fieldset"));
    current.setAttribute("tabindex", "-1");
    current.focus({ preventScroll: true });
  });
})();
