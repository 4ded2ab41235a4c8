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

// The menu bar appears once the editor is built, and redraws parts of itself as it is used.
function watchMenu(wrapper) {
  const start = () => {
    const menubar = wrapper.querySelector(".prose-menubar")
    if (!menubar || menubar.dataset.translated) return
    menubar.dataset.translated = "true"
    translateMenu(menubar)
    new MutationObserver(() => translateMenu(menubar)).observe(menubar, {
      childList: true,
      subtree: true,
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
    // The site's own nodes (photos/richtext-image.js) register themselves before this runs.
    const extension = editor[name] || (window.NAMUR_EDITOR_EXTENSIONS || {})[name]
    if (!extension) continue
    extensions.push(typeof options === "object" ? extension.configure(options) : extension)
  }
  const disabled = textarea.hasAttribute("disabled")
  const wrapper = editor.crel("div", { className: `prose-editor ${disabled ? "disabled" : ""}` })
  textarea.before(wrapper)
  wrapper.append(textarea)
  const instance = new editor.Editor({
    element: wrapper,
    editable: !disabled,
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
