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

// « Lien vers une page du site »: a link to an item of the site, stored by reference
// (data-ref="news.article:42", see core.references) so that the public page always links to the
// item's current address. The chooser is a <dialog> filled with the results the admin's
// chooser view renders (escaped there); nothing here writes markup from typed text.
const CHOOSER_TITLE = "Lien vers une page du site"
const SEARCH_DELAY = 250

function chooserDialog(url, onChoose) {
  const dialog = editor.crel("dialog", { className: "prose-editor-dialog link-chooser" })
  const titleId = `link-chooser-title-${Math.random().toString(36).slice(2)}`
  dialog.setAttribute("aria-labelledby", titleId)
  const title = editor.crel("h2", { id: titleId, className: "prose-editor-dialog-title" })
  title.textContent = CHOOSER_TITLE
  const inputId = `${titleId}-q`
  const label = editor.crel("label", { htmlFor: inputId })
  label.textContent = "Rechercher par titre"
  const input = editor.crel("input", { id: inputId, type: "search", autocomplete: "off" })
  // The results say how many were found in a role="status" paragraph, read out by itself.
  const results = editor.crel("div", { className: "link-chooser__results" })
  const cancel = editor.crel("button", { type: "button" })
  cancel.textContent = "Annuler"
  const field = editor.crel("p", { className: "prose-editor-dialog-field" }, [label, input])
  dialog.append(title, field, results, editor.crel("p", {}, [cancel]))
  document.body.append(dialog)

  let timer = null
  let asked = 0
  const search = async () => {
    const number = ++asked
    const query = new URLSearchParams({ q: input.value.trim() })
    try {
      const response = await fetch(`${url}?${query}`, {
        credentials: "same-origin",
        headers: { Accept: "text/html" },
      })
      if (number !== asked) return
      if (!response.ok) throw new Error(String(response.status))
      results.innerHTML = await response.text()
    } catch {
      if (number !== asked) return
      const status = editor.crel("p", { className: "link-chooser__status" })
      status.setAttribute("role", "status")
      status.textContent = "La recherche n’a pas abouti. Réessayez dans un instant."
      results.replaceChildren(status)
    }
  }
  const choices = () => [...results.querySelectorAll(".link-chooser__choice")]
  input.addEventListener("input", () => {
    clearTimeout(timer)
    timer = setTimeout(search, SEARCH_DELAY)
  })
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault()
      clearTimeout(timer)
      search()
    } else if (event.key === "ArrowDown" && choices().length) {
      event.preventDefault()
      choices()[0].focus()
    }
  })
  results.addEventListener("keydown", (event) => {
    const list = choices()
    const index = list.indexOf(document.activeElement)
    if (index < 0 || !["ArrowDown", "ArrowUp"].includes(event.key)) return
    event.preventDefault()
    const next = index + (event.key === "ArrowDown" ? 1 : -1)
    if (next < 0) input.focus()
    else list[Math.min(next, list.length - 1)].focus()
  })
  results.addEventListener("click", (event) => {
    const choice = event.target.closest(".link-chooser__choice")
    if (!choice) return
    dialog.close()
    onChoose({ href: choice.dataset.href, ref: choice.dataset.ref })
  })
  cancel.addEventListener("click", () => dialog.close())
  dialog.addEventListener("close", () => dialog.remove())
  dialog.showModal()
  input.focus()
  search()
}

function chooseSiteLink(current, url) {
  chooserDialog(url, ({ href, ref }) => {
    current.chain().focus().extendMarkRange("link").setLink({ href, ref }).run()
  })
  return true
}

// The package's Link, which also keeps data-ref and offers the chooser. « Ajouter un lien » on a
// link to the site opens the chooser too: an address typed over it would disagree with its
// reference (remove the link first to make it an address of another site).
const SiteLink = editor.Link.extend({
  addOptions() {
    return { ...this.parent?.(), chooserUrl: "" }
  },
  addAttributes() {
    return {
      ...this.parent?.(),
      ref: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-ref"),
        renderHTML: (attributes) => (attributes.ref ? { "data-ref": attributes.ref } : {}),
      },
    }
  },
  addCommands() {
    const parent = this.parent?.() || {}
    const url = this.options.chooserUrl
    return {
      ...parent,
      addLink:
        () =>
        ({ editor: current, ...rest }) => {
          if (url && current.getAttributes("link").ref) return chooseSiteLink(current, url)
          return parent.addLink()({ editor: current, ...rest })
        },
      chooseSiteLink:
        () =>
        ({ editor: current }) => {
          if (!url || (current.state.selection.empty && !current.isActive("link"))) return false
          return chooseSiteLink(current, url)
        },
    }
  },
  addMenuItems({ menu, buttons }) {
    this.parent?.({ menu, buttons })
    if (!this.options.chooserUrl) return
    menu.defineItem({
      name: "siteLink",
      groups: "link",
      command(current) {
        current.commands.chooseSiteLink()
      },
      enabled: (current) => !current.state.selection.empty || current.isActive("link"),
      button: buttons.material("find_in_page", CHOOSER_TITLE),
      active: (current) => Boolean(current.isActive("link") && current.getAttributes("link").ref),
    })
  },
})

function createEditor(textarea) {
  if (textarea.closest(".prose-editor")) return null
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE) || "{}")
  const extensions = []
  for (const [name, options] of Object.entries(config.extensions || {})) {
    if (name === "Link") {
      const chooserUrl = textarea.dataset.linkChooserUrl || ""
      extensions.push(SiteLink.configure({ ...(options === true ? {} : options), chooserUrl }))
      continue
    }
    // The site's own nodes (photos/richtext-image.js) register themselves before this runs.
    const extension = editor[name] || (window.NAMUR_EDITOR_EXTENSIONS || {})[name]
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
