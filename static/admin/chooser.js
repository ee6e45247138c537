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

  function preview(item, warnAlt) {
    var box = document.createDocumentFragment();
    box.appendChild(window.PortfolioAdmin.mediaPicture(item, 64, "file-badge"));
    box.appendChild(window.PortfolioAdmin.mediaName(item, "chosen-name"));
    if (warnAlt && item.type === "image") { box.appendChild(altMissing(item)); }
    return box;
  }

  /* "No alt text" beside an image a public page will show, while that is so. */
  function altMissing(item) {
    var badge = document.createElement("span");
    badge.className = "alt-missing";
    badge.textContent = "⚠ " + t("noAltText");
    showAltWarning(badge, item);
    return badge;
  }
  function showAltWarning(badge, item) {
    badge.setAttribute("data-alt-for", String(item.id));
    badge.hidden = Boolean(item.alt);
  }

  /* The alt text and caption of an image in the results, edited in place: they belong to
     the image, so every use of it (and its warnings on this page) changes. */
  function describer(item) {
    var details = document.createElement("details");
    details.className = "chooser-describe";
    var summary = document.createElement("summary");
    summary.textContent = t("describe");
    var alt = document.createElement("input");
    alt.type = "text"; alt.maxLength = 500; alt.dir = "auto"; alt.value = item.alt || "";
    var caption = document.createElement("textarea");
    caption.rows = 2; caption.dir = "auto"; caption.value = item.caption || "";
    var save = document.createElement("button");
    save.type = "button"; save.className = "button button-small"; save.textContent = t("save");
    var note = document.createElement("span");
    note.className = "chooser-describe-note"; note.setAttribute("role", "status");
    function labelled(text, control) {
      var label = document.createElement("label");
      label.append(text, control);
      return label;
    }
    save.addEventListener("click", function () {
      window.PortfolioAdmin.postJSON(item.text_url, { alt: alt.value, caption: caption.value }).then(function (result) {
        if (!result.ok) {
          var errors = result.body.errors || {};
          note.textContent = [].concat(errors.alt || [], errors.caption || []).join(" ") || t("saveFailed", { status: result.status });
          return;
        }
        item.alt = result.body.alt; item.caption = result.body.caption;
        note.textContent = t("saved");
        document.querySelectorAll('[data-alt-for="' + item.id + '"]').forEach(function (badge) {
          badge.hidden = Boolean(item.alt);
        });
      });
    });
    details.append(summary, labelled(t("altText"), alt), labelled(t("caption"), caption), save, note);
    return details;
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
    box.replaceChildren(preview(item, target.hasAttribute("data-warn-alt")));
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
    showAltWarning(row.querySelector("[data-alt-for]"), item);
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
      if (item.text_url) { li.appendChild(describer(item)); }
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

  /* One file posted (``anyway``: even if the library has it); resolves to the stored
     file, to ``{duplicate, message, file}`` for a file the library already has (nothing
     stored), or to null with its errors noted. Where an image is needed the server
     refuses any other kind, so none is left in the library. */
  function send(file, failures, anyway) {
    var over = window.PortfolioAdmin.overLimit(file, parseFloat(dialog.getAttribute("data-max-upload-mb")));
    if (over) {  // refused here, before its megabytes are sent only to be turned away
      failures.push(file.name + ": " + over);
      return Promise.resolve(null);
    }
    var data = new FormData();
    data.append("file", file);
    if (kind === "image") { data.append("kind", "image"); }
    if (anyway) { data.append("duplicate", "upload"); }
    return fetch(dialog.getAttribute("data-upload-url"), {
      method: "POST", credentials: "same-origin", body: data,
      headers: { "X-CSRFToken": window.PortfolioAdmin.csrfToken(), "Accept": "application/json" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.ok) { return body; }
        if (response.status === 409 && body.duplicate && !(kind === "image" && body.duplicate.type !== "image")) {
          return { duplicate: body.duplicate, message: body.message, file: file };
        }
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
     single chooser takes the one file, or shows several at the top of the list to pick.
     One file the library already has asks first: use that one, or upload anyway; among
     several, the library's copy is used and the note says so. */
  function upload(input) {
    var files = Array.prototype.slice.call(input.files);
    if (!files.length) { return; }
    var stored = new Array(files.length), failures = [];
    status.textContent = files.length === 1 ? t("uploading", { name: files[0].name }) : t("uploadingFiles", { count: files.length });
    window.PortfolioAdmin.inParallel(files.map(function (file, n) { return n; }), PARALLEL, function (n) {
      return send(files[n], failures, false).then(function (item) { stored[n] = item; });
    }).then(function () {
      input.value = "";
      var found = stored[0];
      if (files.length === 1 && found && found.duplicate) {
        status.textContent = "";
        window.PortfolioAdmin.askAboutDuplicate(status, found.message, function () {
          finish([found.duplicate], []);
        }, function () {
          send(found.file, failures, true).then(function (item) {
            finish(item && !item.duplicate ? [item] : [], failures);
          });
        });
        return;
      }
      var notes = failures.slice();
      var done = stored.filter(Boolean).map(function (item) {
        if (!item.duplicate) { return item; }
        notes.push(item.message);
        return item.duplicate;
      });
      finish(done, notes);
    });
  }

  /* Hand what was uploaded to the chooser's target, with ``notes`` for the reader. */
  function finish(done, notes) {
    if (mode !== "gallery" && done.length === 1 && !notes.length) {
      choose(done[0]);
      return;
    }
    done.forEach(function (item) { if (mode === "gallery") { addToGallery(target, item); } });
    notes = notes.slice();
    if (done.length) {
      notes.unshift(mode === "gallery" ? t("addedFiles", { count: done.length }) : t("uploadedChoose", { count: done.length }));
    }
    page = 1;
    load(false).then(function () { status.textContent = notes.join(" "); });
  }

  /* Tab and Shift+Tab go round the dialog's controls instead of leaving for the
     browser's own (the page behind is inert while the dialog is open). */
  function keepFocusInside(event) {
    if (event.key !== "Tab") { return; }
    var controls = Array.prototype.filter.call(
      dialog.querySelectorAll("button, input, textarea, summary, [href], [tabindex]:not([tabindex='-1'])"),
      function (element) {
        // A closed <details> keeps its contents out of the tab order, but not out of layout.
        var closed = element.closest("details:not([open])");
        if (closed && element.tagName !== "SUMMARY") { return false; }
        return !element.disabled && element.getClientRects().length > 0;
      }
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
