/* The media library's uploader: drop (or choose) several files; each is posted on its
   own to the admin upload endpoint, a few at a time, with its own progress bar and its
   own errors. */
(function () {
  "use strict";

  var PARALLEL = 3;  // uploads at once: faster than one by one, without flooding the server
  function t(key, values) { return window.PortfolioAdmin.t(key, values); }

  function tile(item) {
    var li = document.createElement("li");
    li.className = "media-tile";
    var a = document.createElement(item.detail_url ? "a" : "div");  // a link only where it opens
    a.className = "media-tile-body";
    if (item.detail_url) { a.href = item.detail_url; }
    a.appendChild(window.PortfolioAdmin.mediaPicture(item, 128, "file-badge file-badge-large"));
    a.appendChild(window.PortfolioAdmin.mediaName(item, "media-name"));
    li.appendChild(a);
    return li;
  }

  function send(zone, file, row, anyway) {
    return new Promise(function (resolve) {
      var bar = row.querySelector("progress");
      var message = row.querySelector(".upload-message");
      var data = new FormData();
      data.append("file", file);
      message.textContent = "";
      if (anyway) { data.append("duplicate", "upload"); }
      var request = new XMLHttpRequest();
      request.open("POST", zone.getAttribute("data-upload-url"));
      request.setRequestHeader("X-CSRFToken", window.PortfolioAdmin.csrfToken());
      request.setRequestHeader("Accept", "application/json");
      request.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) { bar.value = Math.round((event.loaded / event.total) * 100); }
      });
      request.addEventListener("load", function () {
        var body = {};
        try { body = JSON.parse(request.responseText); } catch (error) { body = {}; }
        bar.value = 100;
        if (request.status === 201) {
          row.classList.add("is-done");
          message.textContent = "✓ " + t("uploaded");
          var grid = document.querySelector("[data-media-grid]");
          if (grid) { grid.insertBefore(tile(body), grid.firstChild); }
          var empty = document.querySelector("[data-media-empty]");
          if (empty) { empty.remove(); }
        } else if (request.status === 409 && body.duplicate) {
          // Nothing was stored: the person chooses, the queue goes on meanwhile.
          message.textContent = "";
          window.PortfolioAdmin.askAboutDuplicate(message, body.message, function () {
            row.classList.add("is-done");
            var link = document.createElement(body.duplicate.detail_url ? "a" : "span");
            if (body.duplicate.detail_url) { link.href = body.duplicate.detail_url; }
            link.textContent = t("usingExisting", { name: body.duplicate.name });
            message.replaceChildren("✓ ", link);
          }, function () {
            bar.value = 0;
            send(zone, file, row, true);
          });
        } else {
          row.classList.add("is-error");
          var errors = (body.errors && body.errors.file) || [t("uploadFailed", { status: request.status })];
          message.textContent = "✗ " + errors.join(" ");
        }
        resolve();
      });
      request.addEventListener("error", function () {
        row.classList.add("is-error");
        message.textContent = "✗ " + t("connectionFailed");
        resolve();
      });
      request.send(data);
    });
  }

  /* A file over the server's limit (data-max-upload-mb) is refused here. */
  function tooLarge(zone, file, row) {
    var message = window.PortfolioAdmin.overLimit(file, parseFloat(zone.getAttribute("data-max-upload-mb")));
    if (!message) { return false; }
    row.classList.add("is-error");
    row.querySelector("progress").value = 100;  // finished: full, and red as failures are
    row.querySelector(".upload-message").textContent = "✗ " + message;
    return true;
  }

  function uploadAll(zone, files) {
    var list = zone.querySelector("[data-upload-list]");
    var queue = [];
    Array.prototype.forEach.call(files, function (file) {
      var row = document.createElement("li");
      var name = document.createElement("span");
      name.textContent = file.name;
      var bar = document.createElement("progress");
      bar.max = 100; bar.value = 0;
      bar.setAttribute("aria-label", file.name);
      var message = document.createElement("span");
      message.className = "upload-message";
      row.append(name, bar, message);
      list.appendChild(row);
      if (tooLarge(zone, file, row)) { return; }
      message.textContent = t("waiting");
      queue.push({ file: file, row: row });
    });
    return window.PortfolioAdmin.inParallel(queue, PARALLEL, function (item) {
      return send(zone, item.file, item.row);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var zone = document.querySelector("[data-dropzone]");
    if (!zone) { return; }
    var input = zone.querySelector("[data-dropzone-input]");
    input.addEventListener("change", function () {
      uploadAll(zone, input.files).then(function () { input.value = ""; });
    });
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("is-over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("is-over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      uploadAll(zone, event.dataTransfer.files);
    });
  });
})();
