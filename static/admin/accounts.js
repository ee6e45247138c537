/* Account pages: the "all of this resource" permission shortcut, a password strength
   meter and the copy button of a new token's key. Progressive enhancement only: every
   form works without this file (the server expands "all" and checks the password). */
(function () {
  "use strict";

  /* Ticking "all" ticks the resource's five codes; the codes keep "all" in step. */
  function permissionGroup(group) {
    var all = group.querySelector("[data-permission-all]");
    var codes = Array.prototype.slice.call(group.querySelectorAll("[data-permission-code]"));
    if (!all || !codes.length) { return; }
    function sync() {
      var ticked = codes.filter(function (box) { return box.checked; }).length;
      all.checked = ticked === codes.length;
      all.indeterminate = ticked > 0 && ticked < codes.length;
    }
    all.addEventListener("change", function () {
      codes.forEach(function (box) { box.checked = all.checked; });
      all.indeterminate = false;
    });
    codes.forEach(function (box) { box.addEventListener("change", sync); });
    sync();
  }

  /* A rough score from 0 to 4 by the same rules as the server (which has the last word,
     and also refuses common passwords), then longer and more varied is better. */
  function strength(password, username) {
    var name = (username || "").trim().toLowerCase();
    var lowered = password.toLowerCase();
    if (password.length < 10 || /^\d+$/.test(password)) { return password ? 0 : -1; }
    if (name && (name.indexOf(lowered) !== -1 || (name.length >= 3 && lowered.indexOf(name) !== -1))) { return 0; }
    var kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter(function (re) { return re.test(password); }).length;
    var score = 1 + (password.length >= 12 ? 1 : 0) + (password.length >= 16 ? 1 : 0) + (kinds >= 3 ? 1 : 0);
    return Math.min(score, 4);
  }

  function strengthMeter(box) {
    var input = document.getElementById(box.getAttribute("data-strength-for"));
    if (!input) { return; }
    var meter = box.querySelector("meter");
    var text = box.querySelector("[data-strength-text]");
    var labels = JSON.parse(box.getAttribute("data-labels") || "[]");
    var nameField = input.getAttribute("data-username-field");
    function username() {
      var field = nameField && document.getElementById(nameField);
      return field ? field.value : input.getAttribute("data-username") || "";
    }
    function update() {
      var score = strength(input.value, username());
      meter.value = Math.max(score, 0);
      text.textContent = score < 0 ? "" : labels[score] || "";
    }
    box.hidden = false;
    input.addEventListener("input", update);
    update();
  }

  /* Copy a new key: the clipboard when the browser allows it, else select it for Ctrl+C. */
  function copyButton(button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var status = button.closest(".field").querySelector("[data-copy-status]");
    if (!source) { return; }
    function selectKey() {
      source.focus();
      source.select();
    }
    function say(message) { if (status) { status.textContent = message; } }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (!navigator.clipboard || !window.isSecureContext) {
        selectKey();
        say(button.getAttribute("data-copy-failed"));
        return;
      }
      navigator.clipboard.writeText(source.value).then(function () {
        say(button.getAttribute("data-copied"));
      }, function () {
        selectKey();
        say(button.getAttribute("data-copy-failed"));
      });
    });
    source.addEventListener("focus", function () { source.select(); });
    selectKey();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-permission-group]").forEach(permissionGroup);
    document.querySelectorAll("[data-strength-for]").forEach(strengthMeter);
    document.querySelectorAll("[data-copy]").forEach(copyButton);
  });
})();
