/* The focal point picker on an image's page: a click on the picture fills in how far
   across and down (in percent) the subject is, and the marker shows the point the
   numbers say; typing the numbers is the keyboard's way, and arrow keys on the picture
   move the point (Shift: by 10). The form posts the numbers as usual. */
(function () {
  "use strict";

  function round(value) { return Math.round(value * 10) / 10; }

  function picker(box) {
    var form = document.querySelector("[data-focal-form]");
    var image = box.querySelector("[data-focal-image]");
    var marker = box.querySelector("[data-focal-marker]");
    var x = form && form.querySelector("[data-focal-x]");
    var y = form && form.querySelector("[data-focal-y]");
    if (!x || !y) { return; }

    function show() {
      var across = parseFloat(x.value), down = parseFloat(y.value);
      if (isNaN(across) || isNaN(down)) { marker.hidden = true; return; }
      marker.hidden = false;
      marker.style.left = Math.min(Math.max(across, 0), 100) + "%";
      marker.style.top = Math.min(Math.max(down, 0), 100) + "%";
    }
    function set(across, down) {
      x.value = String(round(Math.min(Math.max(across, 0), 100)));
      y.value = String(round(Math.min(Math.max(down, 0), 100)));
      x.dispatchEvent(new Event("change", { bubbles: true }));
      show();
    }
    image.addEventListener("click", function (event) {
      var rect = image.getBoundingClientRect();
      set(((event.clientX - rect.left) / rect.width) * 100, ((event.clientY - rect.top) / rect.height) * 100);
    });
    box.tabIndex = 0;
    box.setAttribute("role", "group");
    box.setAttribute("aria-describedby", "focal-help");
    box.addEventListener("keydown", function (event) {
      var steps = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
      var step = steps[event.key];
      if (!step) { return; }
      event.preventDefault();
      var by = event.shiftKey ? 10 : 1;
      var across = parseFloat(x.value), down = parseFloat(y.value);
      set((isNaN(across) ? 50 : across) + step[0] * by, (isNaN(down) ? 50 : down) + step[1] * by);
    });
    x.addEventListener("input", show);
    y.addEventListener("input", show);
    show();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-focal-picker]").forEach(picker);
  });
})();
