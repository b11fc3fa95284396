// On small screens the main menu folds away behind a button; without JavaScript it stays open.
(() => {
  const button = document.querySelector(".koers-menu-button");
  const menu = document.getElementById("hoofdmenu");
  if (!button || !menu) return;
  const small = window.matchMedia("(max-width: 48rem)");
  const show = (open) => {
    button.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("koers-menu--closed", !open);
  };
  const fit = () => {
    button.hidden = !small.matches;
    show(!small.matches);
  };
  button.addEventListener("click", () => show(button.getAttribute("aria-expanded") !== "true"));
  small.addEventListener("change", fit);
  fit();
})();
