/* The portfolio form: a draft of what is sent, kept in this tab until a save succeeds (so
   an expired session or form loses nothing), and who else has the portfolio open. */
(function () {
  "use strict";

  var PREFIX = "portfolio-admin-draft:";  // admin.js drops a draft once its save succeeded
  var POLL_MS = 15000;
  var OMITTED = { csrf_token: true, restore_draft: true };

  function storage() {
    try { return window.sessionStorage; } catch (error) { return null; }
  }

  /** The form's fields as [name, value] pairs (files and the CSRF token left out). */
  function entries(form) {
    var list = [];
    new FormData(form).forEach(function (value, name) {
      if (!OMITTED[name] && typeof value === "string") { list.push([name, value]); }
    });
    return list;
  }

  function sameInput(a, b) {
    function key(list) {
      return JSON.stringify(list.filter(function (pair) { return pair[0] !== "version"; }));
    }
    return key(a) === key(b);
  }

  /** Send the draft back to the form's page, which shows it without saving. */
  function restore(form, draft) {
    var carrier = document.createElement("form");
    carrier.method = "post";
    carrier.action = window.location.pathname;
    carrier.hidden = true;
    draft.concat([["csrf_token", window.PortfolioAdmin.csrfToken()], ["restore_draft", "1"]])
      .forEach(function (pair) {
        var input = document.createElement("input");
        input.type = "hidden"; input.name = pair[0]; input.value = pair[1];
        carrier.appendChild(input);
      });
    document.body.appendChild(carrier);
    carrier.submit();
  }

  function keepDrafts(form) {
    var store = storage();
    if (!store) { return; }
    var key = PREFIX + window.location.pathname;
    form.addEventListener("submit", function () {
      store.setItem(key, JSON.stringify(entries(form)));
    });
    // The form shows sent input already (a failed save, a conflict): nothing to offer.
    if (form.hasAttribute("data-unsaved-input")) { return; }
    var draft = null;
    try { draft = JSON.parse(store.getItem(key) || "null"); } catch (error) { draft = null; }
    var offer = document.querySelector("[data-draft-offer]");
    if (!Array.isArray(draft) || !offer) { return; }
    if (sameInput(draft, entries(form))) { store.removeItem(key); return; }
    offer.hidden = false;
    offer.querySelector("[data-draft-restore]").addEventListener("click", function () {
      restore(form, draft);
    });
    offer.querySelector("[data-draft-discard]").addEventListener("click", function () {
      store.removeItem(key);
      offer.hidden = true;
    });
  }

  function watchPresence(form) {
    var url = form.getAttribute("data-presence-url");
    var status = document.querySelector("[data-presence-status]");
    var version = form.querySelector('input[name="version"]');
    if (!url || !status || !version) { return; }
    var timer = null;
    function poll() {
      window.PortfolioAdmin.postJSON(url, { version: parseInt(version.value, 10) || 0 })
        .then(function (result) {
          var messages = (result.body && result.body.messages) || [];
          if (!result.ok) { window.clearInterval(timer); return; }
          status.textContent = messages.join(" ");
          status.hidden = messages.length === 0;
        })
        .catch(function () { window.clearInterval(timer); });
    }
    poll();
    timer = window.setInterval(poll, POLL_MS);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-unsaved-warning]");
    if (!form) { return; }
    keepDrafts(form);
    watchPresence(form);
  });
})();
