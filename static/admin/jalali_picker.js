/* A Solar Hijri date picker for the date inputs of Persian pages.

   Each <input type="date"> keeps its name and sends a Gregorian ISO date (YYYY-MM-DD), as
   the server stores it; staff see and type the Solar Hijri date (۱۴۰۵/۰۹/۱۱) in a text
   field that takes the input's id and label, and may open a calendar with the button
   beside it. The calendar is a grid used from the keyboard as in the WAI-ARIA date picker
   pattern: arrows move a day or a week (in the direction they point, right to left),
   Page Up/Down a month (with Shift a year), Home/End the week's start and end, Enter or
   Space choose, Escape closes and returns to the button. Conversions: jalaali-js. */
(function () {
  "use strict";

  var MONTHS = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"];
  var WEEKDAYS = ["شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه"];
  var PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";
  var DAY_MS = 86400000;

  function t(key) { return window.PortfolioAdmin ? window.PortfolioAdmin.t(key) : key; }

  function persian(value, width) {
    var text = String(value);
    while (text.length < (width || 0)) { text = "0" + text; }
    return text.replace(/[0-9]/g, function (digit) { return PERSIAN_DIGITS[digit]; });
  }
  function ascii(text) {
    return text.replace(/[۰-۹]/g, function (d) { return String(d.charCodeAt(0) - 0x06F0); })
      .replace(/[٠-٩]/g, function (d) { return String(d.charCodeAt(0) - 0x0660); });
  }

  /* Days are UTC midnights, so adding days never meets a daylight saving change. */
  function fromIso(value) {
    var match = /^(\d{4})-(\d\d)-(\d\d)$/.exec(value || "");
    if (!match) { return null; }
    var day = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
    return day.getUTCDate() === +match[3] ? day : null;
  }
  function toIso(day) { return day.toISOString().slice(0, 10); }
  function jalali(day) {
    return window.jalaali.toJalaali(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate());
  }
  function fromJalali(jy, jm, jd) {
    var g = window.jalaali.toGregorian(jy, jm, jd);
    return new Date(Date.UTC(g.gy, g.gm - 1, g.gd));
  }
  function shown(day) {
    var j = jalali(day);
    return persian(j.jy) + "/" + persian(j.jm, 2) + "/" + persian(j.jd, 2);
  }
  function spoken(day) {
    var j = jalali(day);
    return WEEKDAYS[weekday(day)] + " " + persian(j.jd) + " " + MONTHS[j.jm - 1] + " " + persian(j.jy);
  }
  /* The day of the Persian week: Saturday 0 ... Friday 6. */
  function weekday(day) { return (day.getUTCDay() + 1) % 7; }
  function addDays(day, count) { return new Date(day.getTime() + count * DAY_MS); }
  function addMonths(day, count) {
    var j = jalali(day);
    var months = j.jy * 12 + (j.jm - 1) + count;
    var jy = Math.floor(months / 12);
    var jm = months % 12 + 1;
    return fromJalali(jy, jm, Math.min(j.jd, window.jalaali.jalaaliMonthLength(jy, jm)));
  }
  /* A typed Solar Hijri date (year/month/day, any digits, / - or . between), or null. */
  function parse(text) {
    var match = /^\s*(\d{3,4})\s*[\/\-.]\s*(\d{1,2})\s*[\/\-.]\s*(\d{1,2})\s*$/.exec(ascii(text));
    if (!match || !window.jalaali.isValidJalaaliDate(+match[1], +match[2], +match[3])) { return null; }
    return fromJalali(+match[1], +match[2], +match[3]);
  }
  function today() {
    var now = new Date();
    return new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
  }

  function enhance(input) {
    var field = document.createElement("input");
    field.type = "text";
    field.id = input.id;
    field.className = input.className;
    field.dir = "ltr";
    field.inputMode = "numeric";
    field.autocomplete = "off";
    field.placeholder = persian("1405/01/01");
    ["aria-describedby", "aria-invalid", "required"].forEach(function (name) {
      if (input.hasAttribute(name)) { field.setAttribute(name, input.getAttribute(name)); }
    });
    input.id = input.id + "-gregorian";
    input.type = "hidden";
    var day = fromIso(input.value);
    field.value = day ? shown(day) : input.value;

    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "button jalali-toggle";
    toggle.textContent = t("chooseDate");
    toggle.setAttribute("aria-haspopup", "dialog");
    toggle.setAttribute("aria-expanded", "false");

    var wrapper = document.createElement("div");
    wrapper.className = "jalali-picker";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(field);
    wrapper.appendChild(toggle);
    wrapper.appendChild(input);

    /* The typed text decides the value; what is not a date is sent as typed, so the
       server names the field's error rather than the date being silently dropped. */
    function sync() {
      var text = field.value.trim();
      var typed = parse(text);
      input.value = typed ? toIso(typed) : ascii(text);
      if (typed) { field.value = shown(typed); }
    }
    field.addEventListener("change", sync);
    if (input.form) { input.form.addEventListener("submit", sync); }

    var calendar = null;
    toggle.addEventListener("click", function () {
      if (calendar) { close(); } else { open(); }
    });

    function open() {
      sync();
      calendar = makeCalendar(fromIso(input.value) || today(), fromIso(input.value), choose, close);
      wrapper.appendChild(calendar.element);
      toggle.setAttribute("aria-expanded", "true");
      calendar.focus();
    }
    function close() {
      if (!calendar) { return; }
      calendar.element.remove();
      calendar = null;
      toggle.setAttribute("aria-expanded", "false");
      toggle.focus();
    }
    function choose(day) {
      input.value = toIso(day);
      field.value = shown(day);
      field.removeAttribute("aria-invalid");
      input.dispatchEvent(new Event("change", { bubbles: true }));
      close();
    }
  }

  function makeCalendar(start, selected, choose, close) {
    var element = document.createElement("div");
    element.className = "jalali-calendar";
    element.setAttribute("role", "dialog");
    element.setAttribute("aria-label", t("calendar"));
    var header = document.createElement("div");
    header.className = "jalali-header";
    var previous = button(t("previousMonth"), "›", function () { show(addMonths(focused, -1)); });
    var next = button(t("nextMonth"), "‹", function () { show(addMonths(focused, 1)); });
    var heading = document.createElement("p");
    heading.className = "jalali-heading";
    heading.id = "jalali-heading-" + Math.random().toString(36).slice(2);
    heading.setAttribute("aria-live", "polite");
    header.append(previous, heading, next);
    var grid = document.createElement("table");
    grid.setAttribute("role", "grid");
    grid.setAttribute("aria-labelledby", heading.id);
    var head = grid.createTHead().insertRow();
    WEEKDAYS.forEach(function (name) {
      var cell = document.createElement("th");
      cell.scope = "col";
      cell.abbr = name;
      cell.textContent = name.charAt(0);
      head.appendChild(cell);
    });
    var body = grid.createTBody();
    element.append(header, grid);
    element.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); close(); }
    });

    var focused = start;
    function button(label, text, action) {
      var made = document.createElement("button");
      made.type = "button";
      made.className = "button button-quiet";
      made.setAttribute("aria-label", label);
      made.textContent = text;
      made.addEventListener("click", action);
      return made;
    }
    function show(day, focusDay) {
      focused = day;
      var j = jalali(day);
      heading.textContent = MONTHS[j.jm - 1] + " " + persian(j.jy);
      body.textContent = "";
      var first = fromJalali(j.jy, j.jm, 1);
      var length = window.jalaali.jalaaliMonthLength(j.jy, j.jm);
      var row = body.insertRow();
      for (var blank = 0; blank < weekday(first); blank += 1) { row.insertCell(); }
      for (var number = 1; number <= length; number += 1) {
        var date = fromJalali(j.jy, j.jm, number);
        if (weekday(date) === 0 && number > 1) { row = body.insertRow(); }
        var cell = row.insertCell();
        cell.setAttribute("role", "gridcell");
        var dayButton = document.createElement("button");
        dayButton.type = "button";
        dayButton.textContent = persian(number);
        dayButton.setAttribute("aria-label", spoken(date));
        dayButton.dataset.iso = toIso(date);
        dayButton.tabIndex = number === j.jd ? 0 : -1;
        if (selected && toIso(selected) === toIso(date)) {
          cell.setAttribute("aria-selected", "true");
        }
        if (toIso(today()) === toIso(date)) { dayButton.setAttribute("aria-current", "date"); }
        dayButton.addEventListener("click", pick);
        dayButton.addEventListener("keydown", move);
        cell.appendChild(dayButton);
      }
      if (focusDay) { focusCurrent(); }
    }
    function pick(event) { choose(fromIso(event.currentTarget.dataset.iso)); }
    function focusCurrent() {
      var current = body.querySelector('[data-iso="' + toIso(focused) + '"]');
      if (current) { current.focus(); }
    }
    function move(event) {
      var rtl = getComputedStyle(element).direction === "rtl";
      var steps = {
        ArrowLeft: rtl ? 1 : -1, ArrowRight: rtl ? -1 : 1, ArrowUp: -7, ArrowDown: 7,
        Home: -weekday(focused), End: 6 - weekday(focused)
      };
      var target = null;
      if (event.key in steps) {
        target = addDays(focused, steps[event.key]);
      } else if (event.key === "PageUp" || event.key === "PageDown") {
        var months = event.key === "PageUp" ? -1 : 1;
        target = addMonths(focused, event.shiftKey ? months * 12 : months);
      }
      if (!target) { return; }
      event.preventDefault();
      show(target, true);
    }
    show(start);
    return { element: element, focus: focusCurrent };
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.jalaali || document.documentElement.lang !== "fa") { return; }
    document.querySelectorAll('input[type="date"]').forEach(enhance);
  });
}());
