// The intake's body map: the checkboxes are the real control; clicking a
// region of the picture ticks its checkbox, and the picture follows the
// checkboxes. Without script the checkboxes alone work.
document.addEventListener("DOMContentLoaded", () => {
  for (const map of document.querySelectorAll("[data-body-map]")) {
    const box = (region) => map.querySelector(`input[name="regions"][value="${region}"]`);
    const paint = () => {
      for (const shape of map.querySelectorAll("[data-region]")) {
        shape.classList.toggle("is-on", box(shape.dataset.region)?.checked === true);
      }
    };
    map.addEventListener("click", (e) => {
      const shape = e.target.closest("[data-region]");
      const input = shape && box(shape.dataset.region);
      if (input) {
        input.checked = !input.checked;
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
    map.addEventListener("change", paint);
    paint();
  }
});
