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
