// knead's own script: small progressive enhancements only. Every page works
// without it.
document.documentElement.classList.add("js");

// Pre-select the device's time zone in sign-up forms.
document.addEventListener("DOMContentLoaded", () => {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (const select of document.querySelectorAll("select[data-browser-zone]")) {
    if (!zone || select.querySelector("option[selected]")) continue;
    let option = [...select.options].find((o) => o.value === zone);
    if (!option) {
      option = new Option(zone, zone);
      select.add(option, 0);
    }
    option.selected = true;
  }
});

// Move focus to a form's error summary, so screen readers announce it and
// keyboard users start from the list of fields to fix.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("form-errors");
  if (summary) summary.focus();
});

// Ask before a form that removes something is sent (data-confirm). Without
// script the form is sent at once; the server still refuses a removal that
// would strand booked sessions.
document.addEventListener("submit", (event) => {
  const message = event.target.dataset && event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});

// "Use my location" on the search page: fill the place with the device's
// coordinates and let the form (and htmx) search from there. The button
// stays hidden without script or geolocation; typing a place always works.
document.addEventListener("DOMContentLoaded", () => {
  if (!("geolocation" in navigator)) return;
  for (const button of document.querySelectorAll("button[data-geolocate]")) {
    const input = document.getElementById(button.dataset.geolocate);
    if (!input) continue;
    button.hidden = false;
    button.addEventListener("click", () => {
      button.disabled = true;
      navigator.geolocation.getCurrentPosition((pos) => {
        button.disabled = false;
        input.value = pos.coords.latitude.toFixed(4) + "," + pos.coords.longitude.toFixed(4);
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }, () => {
        button.disabled = false;
        input.focus();
      }, { maximumAge: 600000, timeout: 10000 });
    });
  }
});
