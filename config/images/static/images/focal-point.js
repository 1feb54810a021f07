// The media library's focal point: a click (or Enter/arrow keys) on the image sets the two
// percentage fields the crops keep, and a marker shows the point. Served from static (the
// site's CSP allows no inline script); the marker is placed through the CSSOM, which the
// CSP's style-src does not restrict.
"use strict";
(function () {
    function setUp(picker) {
        var image = picker.querySelector("img");
        var marker = picker.querySelector(".focal-picker__marker");
        var form = picker.closest("form");
        var x = form && form.querySelector("input[name=focal_x]");
        var y = form && form.querySelector("input[name=focal_y]");
        if (!image || !marker || !x || !y) {
            return;
        }
        function clamp(value) {
            return Math.max(0, Math.min(100, Math.round(value)));
        }
        function show() {
            marker.style.left = clamp(Number(x.value)) + "%";
            marker.style.top = clamp(Number(y.value)) + "%";
            marker.hidden = false;
        }
        function set(across, down) {
            x.value = clamp(across);
            y.value = clamp(down);
            show();
        }
        image.addEventListener("click", function (event) {
            var box = image.getBoundingClientRect();
            set(((event.clientX - box.left) / box.width) * 100,
                ((event.clientY - box.top) / box.height) * 100);
        });
        picker.tabIndex = 0;
        picker.setAttribute("role", "group");
        picker.setAttribute("aria-label", image.alt);
        picker.addEventListener("keydown", function (event) {
            var step = event.shiftKey ? 10 : 2;
            var moves = {ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step]};
            var move = moves[event.key];
            if (move) {
                event.preventDefault();
                set(Number(x.value) + move[0], Number(y.value) + move[1]);
            }
        });
        x.addEventListener("input", show);
        y.addEventListener("input", show);
        show();
    }
    document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll("[data-focal-picker]").forEach(setUp);
    });
})();
