// Disable a form's submit buttons once it is sent, so a double click sends it once.
// The server also refuses duplicates (submission key, version check); this only spares the user.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset.sent === "1") { event.preventDefault(); return; }
  form.dataset.sent = "1";
  setTimeout(function () {
    form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (b) { b.disabled = true; });
  }, 0);
});
// Show only the fields of the chosen request type.
document.addEventListener("change", function (event) {
  if (event.target.name === "Type") { toggleChangeFields(); }
});
function toggleChangeFields() {
  var checked = document.querySelector("input[name=Type]:checked");
  var box = document.getElementById("change-fields");
  if (checked && box) { box.hidden = checked.value !== "ChangeUserInformation"; }
}
document.addEventListener("DOMContentLoaded", toggleChangeFields);
// "Kembali" on an error page: the browser's Back (it keeps what was typed in the form). Without history, or without
// JavaScript, the link's own href (the page the user came from, or the home page) is followed.
document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest("a[data-back]") : null;
  if (!link || window.history.length <= 1) { return; }
  event.preventDefault();
  window.history.back();
});
// Phones: each cell of a table with a header carries its column's name, which the stylesheet shows above the cell when
// the table is laid out as one card per row (see site.css).
function labelTableCells() {
  document.querySelectorAll("table").forEach(function (table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head) { return; }
    var names = [];
    Array.prototype.forEach.call(head.cells, function (th) {
      for (var i = 0; i < (th.colSpan || 1); i++) { names.push(th.textContent.trim()); }
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (!cell.hasAttribute("data-label") && names[column]) { cell.setAttribute("data-label", names[column]); }
          column += cell.colSpan || 1;
        });
      });
    });
  });
}
document.addEventListener("DOMContentLoaded", labelTableCells);

// "Tambah personil" / "Tambah anggota" (SOP 3 and SOP 1 start forms): copies the last person row with empty fields and the next index. Without
// JavaScript the form offers a few empty rows, and empty rows are ignored by the server.
document.addEventListener("DOMContentLoaded", function () {
  var rows = document.getElementById("person-rows");
  var add = document.getElementById("add-person");
  if (!rows || !add) { return; }
  add.hidden = false;
  add.addEventListener("click", function () {
    var all = rows.querySelectorAll(".person-row");
    if (all.length >= parseInt(rows.dataset.max, 10)) { add.disabled = true; return; }
    var copy = all[all.length - 1].cloneNode(true);
    var index = all.length;
    copy.querySelectorAll("[name], [id], label[for]").forEach(function (el) {
      ["name", "id", "for"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value) { el.setAttribute(attr, value.replace(/(Persons|Members)\[\d+\]/, function (_, list) { return list + "[" + index + "]"; })); }
      });
      if (el.tagName === "INPUT") { el.value = ""; }
      if (el.tagName === "SELECT") { el.selectedIndex = 0; }
    });
    copy.querySelectorAll(".field-error").forEach(function (e) { e.textContent = ""; });
    copy.querySelector(".row-number").textContent = String(index + 1);
    rows.appendChild(copy);
    copy.querySelector("input").focus();
  });
});

// A "Cetak" button prints the page (the print style hides the menu and the buttons).
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("button[data-print]") : null;
  if (button) { window.print(); }
});
