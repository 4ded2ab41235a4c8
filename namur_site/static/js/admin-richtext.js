// The admin's rich-text editor, started without Tiptap's injected <style> element: the site's
// Content-Security-Policy refuses inline styles, so css/admin-richtext.css carries those rules.
import * as editor from "django-prose-editor/editor"

const ATTRIBUTE = "data-django-prose-editor-namur"

// French names for the toolbar, from js/admin-richtext-fr.js (a classic script, run first).
const FRENCH = window.NAMUR_RICHTEXT_FRENCH || {}

function translateMenu(menubar) {
  for (const element of menubar.querySelectorAll("[title], .prose-menubar__option > *")) {
    const title = FRENCH[element.getAttribute("title")]
    if (title) {
      element.setAttribute("title", title)
      element.setAttribute("aria-label", title)
    }
    const text = element.children.length === 0 && FRENCH[element.textContent]
    if (text && !element.classList.contains("material-icons")) element.textContent = text
  }
}

// The tools that are on or off where the caret is (bold, a list...).
const TOGGLES = new Set(["bold", "italic", "bulletList", "orderedList", "blockquote"])

function setAttribute(element, name, value) {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value)
}

// The block menu's button says that it opens a list, and whether the list is open; a greyed-out
// tool says that it does nothing now, a tool that is on says so (4.1.2).
function describeMenus(menubar) {
  for (const button of menubar.querySelectorAll(".prose-menubar__button")) {
    setAttribute(button, "aria-disabled", String(button.classList.contains("disabled")))
    if (TOGGLES.has(button.dataset.name)) {
      setAttribute(button, "aria-pressed", String(button.classList.contains("active")))
    }
  }
  for (const dropdown of menubar.querySelectorAll(".prose-menubar__dropdown")) {
    const picker = dropdown.querySelector(".prose-menubar__picker")
    const button = () => dropdown.querySelector(".prose-menubar__selected button")
    if (!picker || !button()) continue
    if (!button().hasAttribute("aria-haspopup")) {
      button().setAttribute("aria-haspopup", "true")
      button().setAttribute("aria-expanded", String(picker.matches(":popover-open")))
    }
    if (picker.dataset.described) continue
    picker.dataset.described = "true"
    picker.addEventListener("toggle", (event) => {
      button()?.setAttribute("aria-expanded", String(event.newState === "open"))
    })
  }
}

// The menu bar appears once the editor is built, and redraws parts of itself as it is used.
function watchMenu(wrapper) {
  const start = () => {
    const menubar = wrapper.querySelector(".prose-menubar")
    if (!menubar || menubar.dataset.translated) return
    menubar.dataset.translated = "true"
    translateMenu(menubar)
    describeMenus(menubar)
    new MutationObserver(() => {
      translateMenu(menubar)
      describeMenus(menubar)
    }).observe(menubar, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["class"],
    })
  }
  start()
  new MutationObserver(start).observe(wrapper, { childList: true })
}

function createEditor(textarea) {
  if (textarea.closest(".prose-editor")) return null
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE) || "{}")
  const extensions = []
  for (const [name, options] of Object.entries(config.extensions || {})) {
    const extension = editor[name]
    if (!extension) continue
    extensions.push(typeof options === "object" ? extension.configure(options) : extension)
  }
  const disabled = textarea.hasAttribute("disabled")
  const wrapper = editor.crel("div", { className: `prose-editor ${disabled ? "disabled" : ""}` })
  textarea.before(wrapper)
  wrapper.append(textarea)
  // The writing area is named by the field's label and described by its help, as the textarea
  // it replaces was (WCAG 4.1.2).
  const label = textarea.id && document.querySelector(`label[for="${CSS.escape(textarea.id)}"]`)
  if (label && !label.id) label.id = `${textarea.id}_label`
  const attributes = { "aria-multiline": "true" }
  if (label) attributes["aria-labelledby"] = label.id
  const described = textarea.getAttribute("aria-describedby")
  if (described) attributes["aria-describedby"] = described
  const instance = new editor.Editor({
    element: wrapper,
    editable: !disabled,
    editorProps: { attributes },
    extensions,
    content: textarea.value,
    injectCSS: false,
    onUpdate({ editor: current }) {
      const html = current.getHTML()
      // An editor left empty still holds one empty paragraph; the field is then empty.
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html
      textarea.dispatchEvent(new Event("input", { bubbles: true }))
    },
    onDestroy() {
      wrapper.before(textarea)
      wrapper.remove()
    },
  })
  watchMenu(wrapper)
  textarea.dispatchEvent(
    new CustomEvent("prose-editor:ready", { detail: { editor: instance, textarea }, bubbles: true }),
  )
  return instance
}

editor.initializeEditors(createEditor, `[${ATTRIBUTE}]`)
