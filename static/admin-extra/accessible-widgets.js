// Accessible names for the admin's script-made widgets, which have none of their own: the
// rich-text editor's editable area (django-prose-editor) and the autocomplete boxes (select2)
// take the text of their field's <label>, or in a tabular inline's row their column's heading;
// the inputs of a tabular inline's rows, labelled only by their column's heading, take that
// heading's text, and a saved row's "Delete?" box takes that heading and the row's name
// ("Delete? Founder, MetaX"). Both widgets build or rebuild their elements after the page
// loads, so the names are set again whenever the form's elements change. Served from static:
// the site's CSP allows no inline script.
"use strict";
(function () {
    function labelText(id) {
        var label = id && document.querySelector("label[for='" + id + "']");
        return label ? label.textContent.replace(/[:：]\s*$/, "").trim() : "";
    }

    function name(element, text) {
        if (text && element.getAttribute("aria-label") !== text) {
            element.removeAttribute("aria-labelledby");
            element.setAttribute("aria-label", text);
        }
    }

    function labelEditors(root) {
        root.querySelectorAll(".prose-editor").forEach(function (editor) {
            var textarea = editor.querySelector("textarea");
            var editable = editor.querySelector("[contenteditable=true]");
            if (textarea && editable) {
                name(editable, labelText(textarea.id));
            }
        });
    }

    function labelAutocompletes(root) {
        root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
            var container = select.nextElementSibling;
            if (!container || !container.classList.contains("select2")) {
                return;
            }
            var text = labelText(select.id) || columnHeading(select);
            container.querySelectorAll(
                ".select2-selection, .select2-selection__rendered, .select2-search__field"
            ).forEach(function (element) {
                name(element, text);
            });
            // The "×" that clears a multiple choice sits in the list of choices, where only
            // list items belong; it is for the mouse (the keyboard clears with Backspace).
            container.querySelectorAll(
                "ul.select2-selection__rendered > :not(li)"
            ).forEach(function (element) {
                element.setAttribute("aria-hidden", "true");
            });
        });
    }

    function headingOf(table, cell) {
        var field = Array.from(cell.classList).find(function (name) {
            return name.indexOf("field-") === 0;
        });
        var heading = field && table.querySelector("thead th.column-" + field.slice(6));
        return heading ? heading.textContent.trim() : "";
    }

    // The column heading of a control in a tabular inline's row ("" elsewhere).
    function columnHeading(control) {
        var cell = control.closest(".tabular table tbody td");
        return cell ? headingOf(cell.closest("table"), cell) : "";
    }

    function labelTabularRows(root) {
        root.querySelectorAll(".tabular table").forEach(function (table) {
            table.querySelectorAll("tbody td[class^='field-'], tbody td[class*=' field-']").forEach(
                function (cell) {
                    var text = headingOf(table, cell);
                    cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(
                        function (control) {
                            if (!control.labels || control.labels.length === 0) {
                                name(control, text);
                            }
                        }
                    );
                }
            );
            var deleteHeading = table.querySelector("thead th:last-child");
            table.querySelectorAll("tbody td.delete input[type=checkbox]").forEach(function (box) {
                if (box.labels && box.labels.length > 0) {
                    return;
                }
                var row = box.closest("tr");
                var original = row && row.querySelector("td.original p");
                name(box, [
                    deleteHeading ? deleteHeading.textContent.trim() : "",
                    original ? original.textContent.trim() : ""
                ].join(" ").trim());
            });
        });
    }

    function labelAll() {
        labelEditors(document);
        labelAutocompletes(document);
        labelTabularRows(document);
    }

    function setUp() {
        var form = document.querySelector("#content-main form") || document.body;
        var pending = false;
        new MutationObserver(function () {
            if (!pending) {
                pending = true;
                window.requestAnimationFrame(function () {
                    pending = false;
                    labelAll();
                });
            }
        }).observe(form, {childList: true, subtree: true});
        labelAll();
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", setUp);
    } else {
        setUp();
    }
})();
