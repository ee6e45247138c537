/* Portfolio Admin: behaviour shared by every page. No inline scripts (CSP); each feature
   finds its elements by data- attributes and does nothing when they are absent. */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  /** POST a JSON body with the session's CSRF token; resolves to {ok, status, body}. */
  function postJSON(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), "Accept": "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { ok: response.ok, status: response.status, body: data };
      });
    });
  }
  /** A media file's thumbnail (or, for other files, a badge with its kind). */
  function mediaPicture(item, size, badgeClass) {
    if (item.thumbnail) {
      var img = document.createElement("img");
      img.src = item.thumbnail; img.alt = ""; img.width = size; img.height = size;
      return img;
    }
    var badge = document.createElement("span");
    badge.className = badgeClass; badge.textContent = item.type_label || item.type;
    return badge;
  }

  /** A media file's name, as a span of ``className``. */
  function mediaName(item, className) {
    var name = document.createElement("span");
    name.className = className; name.textContent = item.name;
    return name;
  }

  /* The page's texts for scripts, from its JSON data island (#script-strings), with
     their %(name)s placeholders filled in; numbers are written the page language's way. */
  var strings = null;
  function number(value) {
    return new Intl.NumberFormat(document.documentElement.lang || undefined).format(value);
  }
  /* A number to type over: the page language's digits, no group separators. */
  function plainNumber(value) {
    return new Intl.NumberFormat(document.documentElement.lang || undefined, { useGrouping: false }).format(value);
  }
  function t(key, values) {
    if (strings === null) {
      var island = document.getElementById("script-strings");
      try { strings = island ? JSON.parse(island.textContent) : {}; } catch (error) { strings = {}; }
    }
    return (strings[key] || key).replace(/%\((\w+)\)s/g, function (match, name) {
      var value = values ? values[name] : "";
      return typeof value === "number" ? number(value) : String(value);
    });
  }

  /** Run ``task(item)`` (which returns a promise) for every item, at most ``limit`` at a
      time, in the items' order; resolves when all have settled. */
  function inParallel(items, limit, task) {
    var waiting = Array.prototype.slice.call(items);
    function next() {
      var item = waiting.shift();
      if (item === undefined) { return Promise.resolve(); }
      return Promise.resolve(task(item)).catch(function () { return null; }).then(next);
    }
    var workers = [];
    for (var n = 0; n < Math.min(limit, waiting.length); n += 1) { workers.push(next()); }
    return Promise.all(workers);
  }

  /* The message for a file over ``limitMb`` megabytes (the server's MAX_UPLOAD_MB), or
     null: checked before its megabytes are sent only to be turned away. */
  function overLimit(file, limitMb) {
    if (!(limitMb > 0) || file.size <= limitMb * 1024 * 1024) { return null; }
    var size = Math.ceil((file.size / (1024 * 1024)) * 10) / 10;  // never rounded down to the limit
    return t("tooLarge", { size: size, limit: limitMb });
  }

  /* An upload the library already holds (the server's 409): its message and two
     buttons, "Use it" and "Upload anyway", put in ``box``; each calls back once. */
  function askAboutDuplicate(box, message, useIt, uploadAnyway) {
    var text = document.createElement("span");
    text.className = "duplicate-message"; text.textContent = message + " ";
    var use = document.createElement("button");
    use.type = "button"; use.className = "button button-small"; use.textContent = t("useIt");
    var anyway = document.createElement("button");
    anyway.type = "button"; anyway.className = "button button-small button-quiet";
    anyway.textContent = t("uploadAnyway");
    var choice = document.createElement("span");
    choice.className = "duplicate-choice";
    choice.setAttribute("data-duplicate-choice", "");
    choice.append(text, use, " ", anyway);
    function answer(callback) {
      return function () { choice.remove(); callback(); };
    }
    use.addEventListener("click", answer(useIt));
    anyway.addEventListener("click", answer(uploadAnyway));
    box.appendChild(choice);
    use.focus();
  }

  window.PortfolioAdmin = {
    csrfToken: csrfToken, postJSON: postJSON, mediaPicture: mediaPicture, mediaName: mediaName, t: t,
    inParallel: inParallel, askAboutDuplicate: askAboutDuplicate, overLimit: overLimit
  };

  /* A warning before leaving a form with unsaved changes. A form shown again with input
     that was not saved (a failed save, a conflict, a restored draft) starts unsaved. */
  function watchUnsaved(form) {
    var dirty = form.hasAttribute("data-unsaved-input");
    function mark() { dirty = true; }
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (!dirty) { return undefined; }
      event.preventDefault();
      event.returnValue = "";
      return "";
    });
  }

  /* A slug suggested from the title while the slug has not been edited by hand. The
     server makes it (GET data-slug-url?title=), so there is one slugify: Persian words
     stay whole, their joiners are removed rather than turned into hyphens. */
  function suggestSlug(source) {
    var form = source.form;
    var target = form && form.querySelector("[data-slug-target]");
    if (!target || !target.dataset.slugUrl) { return; }
    var suggested = "";
    var manual = target.value !== "";
    var timer = null;
    var pending = null;
    target.addEventListener("input", function () { manual = target.value !== "" && target.value !== suggested; });
    function ask() {
      var title = source.value;
      if (pending) { pending.abort(); }
      pending = new AbortController();
      var url = target.dataset.slugUrl + "?title=" + encodeURIComponent(title);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", signal: pending.signal })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data || source.value !== title) { return; }
          if (manual && target.value === data.slug) { manual = false; }  /* a form shown again */
          if (manual) { return; }
          suggested = data.slug;
          target.value = suggested;
        })
        .catch(function () { /* aborted by a newer title, or offline: keep the slug */ });
    }
    source.addEventListener("input", function () {
      if (manual) { return; }
      clearTimeout(timer);
      timer = setTimeout(ask, 150);
    });
    if (manual && source.value) { ask(); }
  }

  /* "Tick all" in a list. */
  function selectAll(box) {
    box.addEventListener("change", function () {
      box.form.querySelectorAll('input[name="ids"]').forEach(function (item) { item.checked = box.checked; });
    });
  }

  /* Move an element before its previous sibling or after its next one. */
  function move(item, direction) {
    if (direction === "up" && item.previousElementSibling) {
      item.parentNode.insertBefore(item, item.previousElementSibling);
      return true;
    }
    if (direction === "down" && item.nextElementSibling) {
      item.parentNode.insertBefore(item.nextElementSibling, item);
      return true;
    }
    return false;
  }
  window.PortfolioAdmin.move = move;

  /* The portfolio list's display order: drag and drop, or the Up and Down buttons. */
  function reorderable(body) {
    var url = body.getAttribute("data-reorder-url");
    var status = document.querySelector("[data-reorder-status]");
    var first = parseInt(body.getAttribute("data-first-position") || "1", 10);
    function save() {
      var rows = body.querySelectorAll("tr[data-id]");
      var ids = Array.prototype.map.call(rows, function (row, index) {
        var position = row.querySelector("[data-position]");
        if (position) { position.value = plainNumber(first + index); }  /* the rows' new places */
        return parseInt(row.getAttribute("data-id"), 10);
      });
      postJSON(url, { ids: ids }).then(function (result) {
        if (status) { status.textContent = result.ok ? result.body.message : t("orderFailed", { status: result.status }); }
        body.setAttribute("data-saved", result.ok ? "yes" : "no");
      });
    }
    body.addEventListener("click", function (event) {
      var button = event.target.closest("[data-row-move]");
      if (!button) { return; }
      if (move(button.closest("tr"), button.getAttribute("data-row-move"))) {
        button.focus();
        save();
      }
    });
    if (window.Sortable) {
      window.Sortable.create(body, { handle: ".drag-handle", animation: 150, onEnd: save });
    }
  }

  /* Inline rows (links, meta entries): "Add" copies the blank row template. */
  function inlineGroup(group) {
    var rows = group.querySelector("[data-inline-rows]");
    var template = group.querySelector("[data-inline-template]");
    var add = group.querySelector("[data-inline-add]");
    if (!rows || !template || !add) { return; }
    add.addEventListener("click", function () {
      var index = parseInt(rows.getAttribute("data-next-index") || "0", 10);
      rows.setAttribute("data-next-index", String(index + 1));
      var holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
      var row = holder.firstElementChild;
      rows.appendChild(row);
      var first = row.querySelector("input:not([type=hidden]), textarea");
      if (first) { first.focus(); }
      row.dispatchEvent(new Event("change", { bubbles: true }));
    });
    /* A row's legend names it by its content as it is typed: "Link: Live site". */
    group.addEventListener("input", function (event) {
      if (!event.target.matches("[data-row-title]")) { return; }
      var legend = event.target.closest("[data-inline-row]").querySelector("[data-row-legend]");
      var title = event.target.value.trim();
      legend.textContent = title
        ? legend.getAttribute("data-row-legend").replace("{name}", function () { return title; })
        : legend.getAttribute("data-row-legend-empty");
    });
    group.addEventListener("change", function (event) {
      if (event.target.matches('input[type="checkbox"][name$="-delete"]')) {
        event.target.closest("[data-inline-row]").classList.toggle("is-removed", event.target.checked);
      }
    });
  }

  /* The sticky save bar's height, as --sticky-bar-height on the root, which the style
     sheet's scroll-padding reads: a field reached with Tab scrolls clear of the bar, whose
     height changes as its buttons wrap. */
  function trackStickyBar(bar) {
    function note() {
      document.documentElement.style.setProperty("--sticky-bar-height", bar.offsetHeight + "px");
    }
    note();
    if (window.ResizeObserver) { new ResizeObserver(note).observe(bar); }
    /* A text area scrolls only as far as its caret: the rest of it, focus ring included,
       is then brought out from under the bar too, where it fits above it. */
    document.addEventListener("focusin", function (event) {
      var field = event.target;
      if (bar.contains(field) || !field.getBoundingClientRect) { return; }
      var box = field.getBoundingClientRect(), top = bar.getBoundingClientRect().top;
      if (box.bottom > top && box.top < top && box.height < top) { field.scrollIntoView({ block: "nearest" }); }
    });
  }

  /* A form saved: the draft edit_form.js kept of it in this tab is not needed any more. */
  function forgetSavedDraft(marker) {
    try {
      window.sessionStorage.removeItem("portfolio-admin-draft:" + marker.getAttribute("content"));
    } catch (error) { /* no storage: no draft either */ }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll('meta[name="saved-form"]').forEach(forgetSavedDraft);
    document.querySelectorAll("form[data-unsaved-warning]").forEach(watchUnsaved);
    document.querySelectorAll("[data-slug-source]").forEach(suggestSlug);
    document.querySelectorAll("[data-select-all]").forEach(selectAll);
    document.querySelectorAll("[data-reorder-url]").forEach(reorderable);
    document.querySelectorAll("[data-inline-group]").forEach(inlineGroup);
    document.querySelectorAll(".sticky-actions").forEach(trackStickyBar);
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  });
})();
