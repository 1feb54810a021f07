// The rich-text editor of RichTextField (config/common/text.py): django-prose-editor's
// "configurable" preset, with one difference — tiptap is told not to inject its base styles as
// an inline <style>, which the site's CSP (style-src 'self') refuses; they are served as a file
// (prose-editor-base.css). Extensions come from the field's configuration, as in the preset.
// And its toolbar speaks the admin's language.
import * as prose from "django-prose-editor/editor";

const ATTRIBUTE = "data-django-prose-editor-csp";
const EMPTY = /^<(\w+)(\s[^>]*)?><\/\1>$/i;

function extensionsOf(config) {
    const extensions = [];
    for (const [name, options] of Object.entries(config.extensions || {})) {
        const extension = prose[name];
        if (extension) {
            extensions.push(typeof options === "object" ? extension.configure(options) : extension);
        }
    }
    return extensions;
}

// django-prose-editor names its toolbar's buttons and block types in English without asking
// gettext (its dialogs do ask): the admin's JavaScript catalogue translates them as well
// (config/third_party/strings.js lists them).
function translateToolbar(element) {
    const translate = window.gettext;
    if (!translate) {
        return;
    }
    for (const button of element.querySelectorAll(".prose-menubar__button")) {
        for (const attribute of ["title", "aria-label"]) {
            const label = button.getAttribute(attribute);
            if (label) {
                button.setAttribute(attribute, translate(label));
            }
        }
    }
    for (const option of element.querySelectorAll(".prose-menubar__option > *")) {
        option.textContent = translate(option.textContent);
    }
}

function createEditor(textarea) {
    if (textarea.closest(".prose-editor")) {
        return null;
    }
    const config = JSON.parse(textarea.getAttribute(ATTRIBUTE) || "{}");
    const disabled = textarea.hasAttribute("disabled");
    const element = prose.crel("div", {className: `prose-editor ${disabled ? "disabled" : ""}`});
    textarea.before(element);
    element.append(textarea);
    const editor = new prose.Editor({
        element,
        editable: !disabled,
        extensions: extensionsOf(config),
        content: textarea.value,
        injectCSS: false,
        onUpdate({editor}) {
            const html = editor.getHTML();
            textarea.value = EMPTY.test(html) ? "" : html;
            textarea.dispatchEvent(new Event("input", {bubbles: true}));
        },
        onDestroy() {
            element.before(textarea);
            element.remove();
        },
    });
    // The toolbar is drawn once the editor is created, after this function returns.
    editor.on("create", () => translateToolbar(element));
    textarea.dispatchEvent(
        new CustomEvent("prose-editor:ready", {detail: {editor, textarea}, bubbles: true})
    );
    return editor;
}

prose.initializeEditors(createEditor, `[${ATTRIBUTE}]`);
