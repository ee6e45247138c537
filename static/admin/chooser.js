/* The image chooser: one dialog per page, opened by every chooser (one file) and every
   gallery (several, in order). It searches the library, shows thumbnails and uploads in
   place. Values are media ids in hidden inputs, so the form posts them as usual. */
(function () {
  "use strict";

  var PARALLEL = 3;  // uploads at once, as the library's uploader sends them
  var dialog, results, search, status, more, target, mode, kind, page, timer;
  function t(key, values) { return window.PortfolioAdmin.t(key, values); }

  function changed(element) {
    element.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function preview(item) {
    var box = document.createDocumentFragment();
    box.appendChild(window.PortfolioAdmin.mediaPicture(item, 64, "file-badge"));
    box.appendChild(window.PortfolioAdmin.mediaName(item, "chosen-name"));
    return box;
  }

  function choose(item) {
    if (mode === "gallery") {
      addToGallery(target, item);
      status.textContent = t("added", { name: item.name });
      return;
    }
    var input = target.querySelector("[data-chooser-value]");
    var box = target.querySelector("[data-chooser-preview]");
    input.value = String(item.id);
    box.replaceChildren(preview(item));
    changed(input);
    dialog.close();
    target.querySelector("[data-chooser-open]").focus();
  }

  function addToGallery(gallery, item) {
    var list = gallery.querySelector("[data-gallery-items]");
    var exists = Array.prototype.some.call(list.querySelectorAll("input"), function (input) {
      return input.value === String(item.id);
    });
    if (exists) { return; }
    var holder = document.createElement("div");
    holder.innerHTML = gallery.querySelector("[data-gallery-template]").innerHTML;
    var row = holder.firstElementChild;
    row.querySelector("input").value = String(item.id);
    row.querySelector("[data-gallery-thumb]").src = item.thumbnail;
    row.querySelector("[data-gallery-name]").textContent = item.name;
    row.querySelectorAll("[data-gallery-label]").forEach(function (label) { label.textContent = item.name; });
    list.appendChild(row);
    changed(list);
  }

  function render(items, append) {
    if (!append) { results.replaceChildren(); }
    items.forEach(function (item) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.setAttribute("data-media-id", String(item.id));
      button.appendChild(preview(item));
      if (item.size_label) {  // two files of one name told apart by size and date
        var details = document.createElement("span");
        details.className = "chooser-details";
        details.textContent = item.size_label + " · " + item.date_label;
        button.appendChild(details);
      }
      button.addEventListener("click", function () { choose(item); });
      li.appendChild(button);
      results.appendChild(li);
    });
  }

  function load(append) {
    var url = new URL(dialog.getAttribute("data-search-url"), window.location.href);
    url.searchParams.set("q", search.value);
    url.searchParams.set("page", String(page));
    if (kind) { url.searchParams.set("type", kind); }
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        render(data.results, append);
        more.hidden = !data.has_next;
        if (!append) { status.textContent = data.results.length ? "" : t("nothingFound"); }
      })
      .catch(function () { status.textContent = t("libraryFailed"); });
  }

  function open(newTarget, newMode) {
    target = newTarget; mode = newMode;
    kind = newMode === "gallery" ? "image" : (newTarget.getAttribute("data-kind") || "");
    var uploadInput = dialog.querySelector("[data-chooser-upload]");
    if (uploadInput) { uploadInput.accept = kind === "image" ? "image/*" : ""; }  // the picker offers what fits
    page = 1; status.textContent = "";
    dialog.showModal();
    search.focus();
    load(false);
  }

  /* One file posted; resolves to the stored file, or null with its errors noted. Where an
     image is needed the server refuses any other kind, so none is left in the library. */
  function send(file, failures) {
    var data = new FormData();
    data.append("file", file);
    if (kind === "image") { data.append("kind", "image"); }
    return fetch(dialog.getAttribute("data-upload-url"), {
      method: "POST", credentials: "same-origin", body: data,
      headers: { "X-CSRFToken": window.PortfolioAdmin.csrfToken(), "Accept": "application/json" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.ok) { return body; }
        var errors = (body.errors && body.errors.file) || [t("uploadFailed", { status: response.status })];
        failures.push(file.name + ": " + errors.join(" "));
        return null;
      });
    }).catch(function () {
      failures.push(file.name + ": " + t("connectionFailed"));
      return null;
    });
  }

  /* Several files, a few at a time. A gallery gets every one, in the order chosen; a
     single chooser takes the one file, or shows several at the top of the list to pick. */
  function upload(input) {
    var files = Array.prototype.slice.call(input.files);
    if (!files.length) { return; }
    var stored = new Array(files.length), failures = [];
    status.textContent = files.length === 1 ? t("uploading", { name: files[0].name }) : t("uploadingFiles", { count: files.length });
    window.PortfolioAdmin.inParallel(files.map(function (file, n) { return n; }), PARALLEL, function (n) {
      return send(files[n], failures).then(function (item) { stored[n] = item; });
    }).then(function () {
      input.value = "";
      var done = stored.filter(Boolean);
      if (mode !== "gallery" && done.length === 1 && !failures.length) {
        choose(done[0]);
        return;
      }
      done.forEach(function (item) { if (mode === "gallery") { addToGallery(target, item); } });
      var notes = failures.slice();
      if (done.length) {
        notes.unshift(mode === "gallery" ? t("addedFiles", { count: done.length }) : t("uploadedChoose", { count: done.length }));
      }
      page = 1;
      load(false).then(function () { status.textContent = notes.join(" "); });
    });
  }

  /* Tab and Shift+Tab go round the dialog's controls instead of leaving for the
     browser's own (the page behind is inert while the dialog is open). */
  function keepFocusInside(event) {
    if (event.key !== "Tab") { return; }
    var controls = Array.prototype.filter.call(
      dialog.querySelectorAll("button, input, [href], [tabindex]:not([tabindex='-1'])"),
      function (element) { return !element.disabled && element.getClientRects().length > 0; }
    );
    if (!controls.length) { return; }
    var first = controls[0], last = controls[controls.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault(); last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault(); first.focus();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    dialog = document.querySelector("[data-chooser-dialog]");
    if (!dialog) { return; }
    results = dialog.querySelector("[data-chooser-results]");
    search = dialog.querySelector("[data-chooser-search]");
    status = dialog.querySelector("[data-chooser-status]");
    more = dialog.querySelector("[data-chooser-more]");
    dialog.querySelector("[data-chooser-close]").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("keydown", keepFocusInside);
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { page = 1; load(false); }, 250);
    });
    more.addEventListener("click", function () { page += 1; load(true); });
    var uploadInput = dialog.querySelector("[data-chooser-upload]");
    if (uploadInput) { uploadInput.addEventListener("change", function () { upload(uploadInput); }); }

    document.addEventListener("click", function (event) {
      var opener = event.target.closest("[data-chooser-open]");
      if (opener) { open(opener.closest("[data-chooser]"), "single"); return; }
      var clear = event.target.closest("[data-chooser-clear]");
      if (clear) {
        var chooser = clear.closest("[data-chooser]");
        var input = chooser.querySelector("[data-chooser-value]");
        input.value = "";
        var none = document.createElement("span");
        none.className = "chosen-none"; none.textContent = t("nothingChosen");
        chooser.querySelector("[data-chooser-preview]").replaceChildren(none);
        changed(input);
        return;
      }
      var adder = event.target.closest("[data-gallery-add]");
      if (adder) { open(adder.closest("[data-gallery]"), "gallery"); return; }
      var mover = event.target.closest("[data-gallery] [data-move]");
      if (mover) {
        var item = mover.closest("[data-gallery-item]");
        if (window.PortfolioAdmin.move(item, mover.getAttribute("data-move"))) {
          mover.focus();
          changed(item);
          var where = Array.prototype.indexOf.call(item.parentNode.children, item) + 1;
          var note = item.closest("[data-gallery]").querySelector("[data-gallery-status]");
          note.textContent = t("position", { name: item.querySelector("[data-gallery-name]").textContent, position: where });
        }
        return;
      }
      var remover = event.target.closest("[data-gallery] [data-remove]");
      if (remover) {
        var row = remover.closest("[data-gallery-item]");
        var list = row.parentNode;
        row.remove();
        changed(list);
      }
    });
    if (window.Sortable) {
      document.querySelectorAll("[data-gallery-items]").forEach(function (list) {
        window.Sortable.create(list, { handle: ".drag-handle", animation: 150, onEnd: function () { changed(list); } });
      });
    }
  });
})();
