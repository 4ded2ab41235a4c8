// Names for the admin's widgets that come without one (WCAG 4.1.2, 1.3.1): select2's
// autocompletes, Django's split date and time fields. Select2 draws and redraws its parts as it
// is used, so the names are given again after each change; every step leaves a named part as is.
;(() => {
  "use strict"

  // The field's own <label> (Django's label_tag), given an id so that widgets can point to it.
  function labelOf(field) {
    if (!field || !field.id) return null
    const label = document.querySelector(`label[for="${CSS.escape(field.id)}"]`)
    if (label && !label.id) label.id = `${field.id}_label`
    return label
  }

  // The ids that name a field: its <label>, or what nameTabularFields() gave it.
  function namesOf(field) {
    const label = labelOf(field)
    if (label) return label.id
    return field ? field.getAttribute("aria-labelledby") : null
  }

  // A tabular inline heads its columns and labels no field: each field is named by its column.
  function nameTabularFields(table) {
    const headings = [...table.querySelectorAll("thead th")]
    for (const row of table.querySelectorAll("tbody tr.form-row")) {
      const cells = [...row.children].filter((cell) => cell.tagName === "TD")
      cells.forEach((cell, index) => {
        const heading = headings[index]
        if (!heading || !heading.textContent.trim()) return
        if (!heading.id) heading.id = `${table.closest(".inline-group")?.id || "inline"}-column-${index}`
        for (const field of cell.querySelectorAll(
          "input:not([type=hidden]), select, textarea",
        )) {
          if (labelOf(field) || field.hasAttribute("aria-labelledby")) continue
          field.setAttribute("aria-labelledby", heading.id)
        }
      })
    }
  }

  function nameSelect2(container) {
    const select = container.previousElementSibling
    if (!select || select.tagName !== "SELECT") return
    const names = namesOf(select)
    const selection = container.querySelector(".select2-selection")
    if (!names || !selection) return
    const rendered = container.querySelector(".select2-selection__rendered")
    if (selection.classList.contains("select2-selection--single")) {
      // The combobox reads as « Thème : Mobilité »: the label, then the choice.
      if (rendered && rendered.id) {
        selection.setAttribute("aria-labelledby", `${names} ${rendered.id}`)
      }
      // A read-only « textbox » inside the combobox is a second field without a name.
      if (rendered && rendered.getAttribute("role") === "textbox") {
        rendered.removeAttribute("role")
        rendered.removeAttribute("aria-readonly")
      }
    } else {
      selection.setAttribute("aria-labelledby", names)
      // « Tout retirer » is drawn inside the list of chosen items, where only items belong.
      const clear = rendered && rendered.querySelector(":scope > .select2-selection__clear")
      if (clear) rendered.before(clear)
      // The chosen items are a list of their own; the search field types the next one.
      const search = container.querySelector(".select2-search__field")
      if (search) search.setAttribute("aria-labelledby", names)
    }
  }

  // An open list says what it is for; for a single choice, it and its search field sit at the
  // end of <body>, away from the field.
  function nameOpenList() {
    const open = document.querySelector('.select2-selection[aria-expanded="true"]')
    if (!open) return
    // The combobox says which list it controls (select2 only says that it owns it).
    const owned = open.getAttribute("aria-owns")
    if (owned) open.setAttribute("aria-controls", owned)
    const names = namesOf(open.closest(".select2-container")?.previousElementSibling)
    if (!names) return
    for (const search of document.querySelectorAll(".select2-dropdown .select2-search__field")) {
      search.setAttribute("aria-labelledby", names)
    }
    const list = owned && document.getElementById(owned)
    if (list) list.setAttribute("aria-labelledby", names)
  }

  // Django writes « Date : <input> Heure : <input> »: the words become the inputs' labels and
  // the pair a group named by the field's label.
  function nameSplitDateTime(paragraph) {
    if (paragraph.dataset.named) return
    paragraph.dataset.named = "true"
    for (const input of paragraph.querySelectorAll("input.vDateField, input.vTimeField")) {
      const text = input.previousSibling
      if (!text || text.nodeType !== Node.TEXT_NODE || !text.textContent.trim()) continue
      const label = document.createElement("label")
      label.htmlFor = input.id
      label.className = "datetime-part"
      label.textContent = text.textContent.trim()
      text.replaceWith(label, " ")
    }
    const row = paragraph.closest(".form-row, td")
    const fieldLabel = row && row.querySelector(".flex-container > label:not([for])")
    if (fieldLabel) {
      if (!fieldLabel.id) {
        const first = paragraph.querySelector("input")
        fieldLabel.id = `${first ? first.id : "datetime"}_group_label`
      }
      paragraph.setAttribute("role", "group")
      paragraph.setAttribute("aria-labelledby", fieldLabel.id)
    }
  }

  function nameAll() {
    document.querySelectorAll(".tabular table").forEach(nameTabularFields)
    document.querySelectorAll("select + .select2-container").forEach(nameSelect2)
    nameOpenList()
    document.querySelectorAll("p.datetime").forEach(nameSplitDateTime)
  }

  let scheduled = false
  function schedule() {
    if (scheduled) return
    scheduled = true
    requestAnimationFrame(() => {
      scheduled = false
      nameAll()
    })
  }

  // Django's add form focuses the form's first control, which is now the « Enregistrer » of the
  // workflow bar above the fields: the writer starts in the first field instead (2.4.3).
  function focusFirstField() {
    const active = document.activeElement
    if (!document.getElementById("django-admin-form-add-constants")) return
    if (!active || !active.form || !active.closest(".workflow-bar")) return
    const field = [...active.form.elements].find(
      (element) =>
        ["INPUT", "SELECT", "TEXTAREA"].includes(element.tagName) &&
        !["hidden", "submit", "button"].includes(element.type) &&
        !element.disabled &&
        element.offsetParent &&
        !element.closest(".workflow-bar"),
    )
    if (field) field.focus()
  }

  function start() {
    // change_form.js is loaded « async »: it may run before this script or after it.
    focusFirstField()
    window.addEventListener("load", focusFirstField)
    nameAll()
    new MutationObserver(schedule).observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["aria-expanded", "aria-owns"],
    })
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start)
  else start()
})()
