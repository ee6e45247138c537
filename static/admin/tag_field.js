/* The portfolio form's tags as a token field: type to find a tag (an ARIA 1.2 combobox
   with a listbox), Enter adds it, Backspace or × removes one, drag or the move buttons
   reorder them, and a name no tag has yet can be created in place (through the same tag
   validation as the tags page). The chosen tags are sent as hidden ``tags`` inputs in
   their order, with ``tags_ordered`` so the server keeps it. Without this script the
   multi-select it replaces is there instead. */
(function () {
  "use strict";

  function t(key, values) { return window.PortfolioAdmin.t(key, values); }

  /* The same folding as the server's search key, so lookalikes match: case, accents and
     harakat, joiners and tatweel, Arabic letter forms, every digit. */
  var FOLD = { "ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "آ": "ا" };
  function fold(text) {
    return text.replace(/[يىكةۀأإآ]/g, function (letter) { return FOLD[letter]; })
      .normalize("NFKD").toLowerCase()
      .replace(/[\u0300-\u036f\u064b-\u065f\u0670\u200c\u200d\u200e\u200f\u0640]/g, "")
      .replace(/\u06d5/g, "ه")  // a decomposed heh with yeh above
      .replace(/[\u06f0-\u06f9]/g, function (digit) { return String(digit.charCodeAt(0) - 0x06f0); })
      .replace(/[\u0660-\u0669]/g, function (digit) { return String(digit.charCodeAt(0) - 0x0660); })
      .trim();
  }

  function tokenField(host) {
    var select = host.querySelector("select");
    if (!select) { return; }
    var name = select.name;
    var all = Array.prototype.map.call(select.options, function (option) {
      return { id: option.value, name: option.textContent };
    });
    var chosen = [];
    try { chosen = JSON.parse(host.getAttribute("data-chosen") || "[]").map(String); } catch (error) { chosen = []; }
    var createUrl = host.getAttribute("data-create-url");
    var rtl = document.documentElement.dir === "rtl";
    var listId = select.id + "-listbox";
    var options = [], active = -1, busy = false;

    var field = document.createElement("div");
    field.className = "token-field";
    var tokens = document.createElement("ul");
    tokens.className = "tokens";
    tokens.setAttribute("aria-label", t("chosenTags"));
    tokens.setAttribute("data-tokens", "");
    var combo = document.createElement("div");
    combo.className = "token-combo";
    var input = document.createElement("input");
    input.type = "text";
    input.id = select.id + "-combobox";
    input.className = "token-input";
    input.autocomplete = "off";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    var errorsId = (select.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
      return /-errors$/.test(id);
    });
    input.setAttribute("aria-describedby", [select.id + "-token-help"].concat(errorsId).join(" "));
    if (select.getAttribute("aria-invalid")) { input.setAttribute("aria-invalid", "true"); }
    input.setAttribute("data-token-input", "");
    var listbox = document.createElement("ul");
    listbox.id = listId;
    listbox.className = "token-options";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", t("tagSuggestions"));
    listbox.hidden = true;
    combo.append(input, listbox);
    var help = document.createElement("p");
    help.className = "help";
    help.id = select.id + "-token-help";
    help.textContent = createUrl ? t("tagHelpCreate") : t("tagHelp");
    var error = document.createElement("p");
    error.className = "token-error";
    error.setAttribute("role", "alert");
    error.setAttribute("data-token-error", "");
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    status.setAttribute("data-token-status", "");
    var ordered = document.createElement("input");
    ordered.type = "hidden"; ordered.name = name + "_ordered"; ordered.value = "1";
    field.append(tokens, combo, help, error, status, ordered);

    // The select stays in the page (its errors, the label) but is neither shown nor sent.
    select.hidden = true;
    select.disabled = true;
    var oldHelp = document.getElementById(select.id + "-help");
    if (oldHelp) { oldHelp.hidden = true; }
    var label = host.querySelector('label[for="' + select.id + '"]');
    if (label) { label.htmlFor = input.id; }
    select.insertAdjacentElement("afterend", field);

    function tagById(id) {
      return all.find(function (tag) { return tag.id === id; });
    }

    function changed() { tokens.dispatchEvent(new Event("change", { bubbles: true })); }

    function button(text, label, attribute) {
      var element = document.createElement("button");
      element.type = "button";
      element.className = "token-button";
      element.textContent = text;
      element.setAttribute("aria-label", label);
      element.setAttribute(attribute, "");
      return element;
    }

    function token(tag) {
      var item = document.createElement("li");
      item.className = "token";
      item.setAttribute("data-token", tag.id);
      var label = document.createElement("span");
      label.className = "token-name";
      label.textContent = tag.name;
      var value = document.createElement("input");
      value.type = "hidden"; value.name = name; value.value = tag.id;
      item.append(
        label,
        button(rtl ? "→" : "←", t("tagEarlier", { name: tag.name }), "data-token-earlier"),
        button(rtl ? "←" : "→", t("tagLater", { name: tag.name }), "data-token-later"),
        button("×", t("tagRemove", { name: tag.name }), "data-token-remove"),
        value
      );
      return item;
    }

    function chosenIds() {
      return Array.prototype.map.call(tokens.children, function (item) { return item.getAttribute("data-token"); });
    }

    function add(tag) {
      if (chosenIds().indexOf(tag.id) === -1) {
        tokens.appendChild(token(tag));
        changed();
      }
      status.textContent = t("added", { name: tag.name });
      input.value = "";
      error.textContent = "";
      close();
    }

    function remove(item, focusNext) {
      var tag = tagById(item.getAttribute("data-token"));
      var next = item.nextElementSibling || item.previousElementSibling;
      item.remove();
      changed();
      status.textContent = t("removed", { name: tag ? tag.name : "" });
      if (focusNext && next) { next.querySelector("[data-token-remove]").focus(); } else { input.focus(); }
    }

    function announcePlace(item) {
      var tag = tagById(item.getAttribute("data-token"));
      var where = Array.prototype.indexOf.call(tokens.children, item) + 1;
      status.textContent = t("position", { name: tag ? tag.name : "", position: where });
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(listbox.children, function (option, n) {
        option.setAttribute("aria-selected", n === index ? "true" : "false");
        option.classList.toggle("is-active", n === index);
      });
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", listbox.children[index].id);
        listbox.children[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    /* The tags not chosen yet whose names hold what is typed, then "Create" when no tag
       has that name (folded: a lookalike is the same name). */
    function open() {
      var typed = input.value.trim();
      var key = fold(typed);
      var taken = chosenIds();
      function rank(tag) {  // the same name first, then names starting so, then the rest
        var folded = fold(tag.name);
        return folded === key ? 0 : (folded.indexOf(key) === 0 ? 1 : 2);
      }
      options = all.filter(function (tag) {
        return taken.indexOf(tag.id) === -1 && fold(tag.name).indexOf(key) !== -1;
      }).sort(function (a, b) { return rank(a) - rank(b); })
        .map(function (tag) { return { tag: tag }; });
      var exists = all.some(function (tag) { return fold(tag.name) === key; });
      if (createUrl && typed && !exists) { options.push({ create: typed }); }
      listbox.replaceChildren();
      options.forEach(function (choice, n) {
        var option = document.createElement("li");
        option.id = listId + "-" + n;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.className = choice.create ? "token-option token-create" : "token-option";
        option.textContent = choice.create ? t("createTag", { name: choice.create }) : choice.tag.name;
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { pick(choice); });
        listbox.appendChild(option);
      });
      if (!options.length) {
        var none = document.createElement("li");
        none.className = "token-none";
        none.setAttribute("role", "option");
        none.setAttribute("aria-disabled", "true");
        none.id = listId + "-none";
        none.textContent = t("noTags");
        listbox.appendChild(none);
      }
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(options.length && typed ? 0 : -1);
    }

    function pick(choice) {
      if (choice.create) { create(choice.create); } else { add(choice.tag); }
      input.focus();
    }

    function create(typed) {
      if (busy) { return; }
      busy = true;
      status.textContent = t("creatingTag", { name: typed });
      window.PortfolioAdmin.postJSON(createUrl, { name: typed }).then(function (result) {
        busy = false;
        if (result.ok) {
          var tag = { id: String(result.body.id), name: result.body.name };
          all.push(tag);
          var option = document.createElement("option");
          option.value = tag.id; option.textContent = tag.name;
          select.appendChild(option);
          add(tag);
          return;
        }
        var errors = (result.body.errors && result.body.errors.name) || [t("tagFailed", { status: result.status })];
        error.textContent = errors.join(" ");
        close();
      }).catch(function () {
        busy = false;
        error.textContent = t("connectionFailed");
      });
    }

    input.addEventListener("input", function () { error.textContent = ""; open(); });
    input.addEventListener("click", function () { if (listbox.hidden) { open(); } });
    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
    input.addEventListener("keydown", function (event) {
      var key = event.key;
      if (key === "ArrowDown" || key === "ArrowUp") {
        event.preventDefault();
        if (listbox.hidden) { open(); }
        if (!options.length) { return; }
        var step = key === "ArrowDown" ? 1 : -1;
        highlight(active === -1 ? (step === 1 ? 0 : options.length - 1) : (active + step + options.length) % options.length);
      } else if (key === "Enter") {
        event.preventDefault();  // Enter adds a tag here; it never sends the form
        if (!listbox.hidden && active >= 0) { pick(options[active]); return; }
        if (input.value.trim()) {
          open();
          if (active >= 0) { pick(options[active]); }
        }
      } else if (key === "Escape") {
        if (!listbox.hidden) { event.preventDefault(); close(); } else if (input.value) { event.preventDefault(); input.value = ""; }
      } else if (key === "Backspace" && input.value === "" && tokens.lastElementChild) {
        event.preventDefault();
        remove(tokens.lastElementChild, false);
      } else if (key === "Tab") {
        close();
      }
    });

    tokens.addEventListener("click", function (event) {
      var target = event.target.closest("button");
      if (!target) { return; }
      var item = target.closest("[data-token]");
      if (target.hasAttribute("data-token-remove")) { remove(item, true); return; }
      var earlier = target.hasAttribute("data-token-earlier");
      if (window.PortfolioAdmin.move(item, earlier ? "up" : "down")) {
        target.focus();
        changed();
        announcePlace(item);
      }
    });

    chosen.forEach(function (id) {
      var tag = tagById(id);
      if (tag) { tokens.appendChild(token(tag)); }
    });
    if (window.Sortable) {
      window.Sortable.create(tokens, {
        animation: 150,
        filter: "button",
        preventOnFilter: false,
        onEnd: function (event) { changed(); announcePlace(event.item); }
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-token-field]").forEach(tokenField);
  });
})();
