// The error summary of a failed admin save: focus it when the page opens, and make each of its
// links move the focus to the field it names — opening a collapsed fieldset, scrolling a wide
// inline sideways, and reaching the editable part of widgets that hide their <input> (the
// rich-text editor, autocomplete selects, split date and time). Served from static: the
// site's CSP allows no inline script.
"use strict";
(function () {
    function focusable(target) {
        if (!target) {
            return null;
        }
        var wrapper = target.closest(".form-row, .field-box, td, tr, .inline-related") || target.parentElement;
        var visible = target.offsetParent !== null && target.type !== "hidden";
        if (visible && !target.hidden) {
            return target;
        }
        var inside = wrapper && wrapper.querySelector(
            "[contenteditable=true], .select2-selection, input:not([type=hidden]), select, textarea"
        );
        return inside || target;
    }

    function find(id) {
        return document.getElementById(id) || document.getElementById(id + "_0");
    }

    function go(id) {
        var target = find(id);
        if (!target) {
            return false;
        }
        var details = target.closest("details");
        while (details) {
            details.open = true;
            details = details.parentElement && details.parentElement.closest("details");
        }
        var element = focusable(target);
        if (!element.matches("a, button, input, select, textarea, [contenteditable=true], [tabindex]")) {
            element.setAttribute("tabindex", "-1");
        }
        element.scrollIntoView({block: "center", inline: "center"});
        element.focus({preventScroll: true});
        return true;
    }

    function setUp() {
        var summary = document.querySelector("[data-error-summary]");
        if (!summary) {
            return;
        }
        summary.addEventListener("click", function (event) {
            var link = event.target.closest("a[data-target]");
            if (link && go(link.getAttribute("data-target"))) {
                event.preventDefault();
            }
        });
        // After the page's load event: the admin's change_form.js (loaded async) focuses the
        // first field of an add form, which would take the focus back from the summary.
        if (document.readyState === "complete") {
            summary.focus();
        } else {
            window.addEventListener("load", function () {
                summary.focus();
            });
        }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", setUp);
    } else {
        setUp();
    }
})();
