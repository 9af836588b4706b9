(function () {
  "use strict";

  // Every value from the report reaches the page through textContent only,
  // so markup in a value is shown as text and never parsed.
  var dataEl = document.getElementById("row-data");
  var tbody = document.getElementById("rows-body");
  var form = document.getElementById("filters");
  if (!dataEl || !tbody || !form) {
    document.documentElement.setAttribute("data-ready", "true");
    return;
  }
  var rows = JSON.parse(dataEl.textContent).rows;
  var known = ["valid", "created", "updated", "skipped", "invalid", "failed"];
  var status = document.getElementById("f-status");
  var field = document.getElementById("f-field");
  var code = document.getElementById("f-code");
  var search = document.getElementById("f-text");
  var shown = document.getElementById("rows-shown");

  // Lowercased text of each row, for the search box.
  var texts = rows.map(function (r) {
    var parts = [String(r.r), r.n || "", r.i || "", r.s];
    r.e.forEach(function (e) { parts.push(e[0], e[1], e[2], e[3]); });
    return parts.join("\n").toLowerCase();
  });

  function comma(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function problemItem(e) {
    var li = el("li");
    li.appendChild(el("span", "field", e[0] === "" ? "(whole row)" : e[0]));
    li.appendChild(document.createTextNode(" "));
    li.appendChild(el("code", "", e[1]));
    if (e[2] !== "") {
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", "value", e[2]));
    }
    li.appendChild(el("span", "msg", e[3]));
    return li;
  }

  function renderRow(r) {
    var tr = el("tr");
    tr.appendChild(el("td", "num", String(r.r)));
    tr.appendChild(el("td", "num", String(r.l)));
    var td = el("td");
    td.appendChild(el("span", "badge " + (known.indexOf(r.s) >= 0 ? "st-" + r.s : "st-other"), r.s));
    tr.appendChild(td);
    tr.appendChild(el("td", "name", r.n || ""));
    var list = el("ul", "problems");
    r.e.forEach(function (e) { list.appendChild(problemItem(e)); });
    if (r.m) {
      list.appendChild(el("li", "msg", "and " + comma(r.m) + " more in the report file"));
    }
    td = el("td");
    td.appendChild(list);
    tr.appendChild(td);
    return tr;
  }

  // choice returns the value of a select, or null for "any".
  function choice(select) {
    return select.value === "" ? null : select.value.slice(1);
  }

  function matches(r, i, f) {
    if (f.status !== null && r.s !== f.status) { return false; }
    if (f.text !== "" && texts[i].indexOf(f.text) < 0) { return false; }
    if (f.field === null && f.code === null) { return true; }
    return r.e.some(function (e) {
      return (f.field === null || e[0] === f.field) && (f.code === null || e[1] === f.code);
    });
  }

  function apply() {
    var f = { status: choice(status), field: choice(field), code: choice(code), text: search.value.trim().toLowerCase() };
    var frag = document.createDocumentFragment();
    var n = 0;
    for (var i = 0; i < rows.length; i++) {
      if (matches(rows[i], i, f)) {
        frag.appendChild(renderRow(rows[i]));
        n++;
      }
    }
    tbody.replaceChildren(frag);
    shown.textContent = "Showing " + comma(n) + " of the " + comma(rows.length) + " rows kept in this page.";
    tbody.parentNode.setAttribute("data-shown", String(n));
  }

  var timer = 0;
  function applySoon() {
    clearTimeout(timer);
    timer = setTimeout(apply, 120);
  }

  [status, field, code].forEach(function (s) { s.addEventListener("change", apply); });
  search.addEventListener("input", applySoon);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); apply(); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });

  Array.prototype.forEach.call(document.querySelectorAll("a.show-rows"), function (a) {
    a.addEventListener("click", function () {
      form.reset();
      code.value = "=" + a.getAttribute("data-code");
      apply();
    });
  });

  apply();
  document.documentElement.setAttribute("data-ready", "true");
})();
