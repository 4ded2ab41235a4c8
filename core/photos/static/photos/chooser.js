// The library's chooser: a modal dialog (search, thumbnails, upload) for image fields and for
// the rich-text editor's « Image de la photothèque ». Its content comes from the admin
// (admin:photos_image_chooser), rendered and escaped by Django's templates.
;(() => {
  "use strict"

  let dialog = null
  let content = null
  let pending = null
  let baseUrl = ""

  function build() {
    dialog = document.createElement("dialog")
    dialog.className = "photo-dialog"
    dialog.setAttribute("aria-labelledby", "photo-dialog-title")
    const header = document.createElement("div")
    header.className = "photo-dialog__header"
    const title = document.createElement("h2")
    title.id = "photo-dialog-title"
    title.textContent = "Choisir une image de la photothèque"
    const close = document.createElement("button")
    close.type = "button"
    close.className = "button photo-dialog__close"
    close.textContent = "Fermer"
    close.addEventListener("click", () => dialog.close())
    header.append(title, close)
    content = document.createElement("div")
    content.className = "photo-dialog__content"
    dialog.append(header, content)
    document.body.append(dialog)
    dialog.addEventListener("close", () => finish(null))
    dialog.addEventListener("click", onClick)
    dialog.addEventListener("submit", onSubmit)
  }

  function finish(choice) {
    const resolve = pending
    pending = null
    if (resolve) resolve(choice)
  }

  async function fetchHtml(url, options = {}) {
    const response = await fetch(url, { credentials: "same-origin", ...options })
    const type = response.headers.get("Content-Type") || ""
    if (type.startsWith("application/json")) return { json: await response.json() }
    if (!response.ok && response.status !== 400) {
      return { html: `<p class="errornote">La photothèque n’a pas répondu (erreur ${response.status}). Réessayez.</p>` }
    }
    return { html: await response.text() }
  }

  function withResults(url) {
    const address = new URL(url, window.location.href)
    address.searchParams.set("results", "1")
    return address.toString()
  }

  async function showResults(url) {
    const { html } = await fetchHtml(withResults(url))
    const results = content.querySelector(".photo-dialog__results")
    const holder = document.createElement("div")
    holder.innerHTML = html
    results.replaceWith(holder.firstElementChild)
    const first = content.querySelector(".photo-dialog__choice")
    if (first) first.focus()
  }

  function choose(button) {
    const choice = {
      id: button.dataset.id,
      title: button.dataset.title,
      thumbnail: button.dataset.thumbnail,
    }
    finish(choice)
    dialog.close()
  }

  function onClick(event) {
    const choice = event.target.closest(".photo-dialog__choice")
    if (choice) return choose(choice)
    const page = event.target.closest(".photo-dialog__page")
    if (page) {
      event.preventDefault()
      showResults(new URL(page.getAttribute("href"), new URL(baseUrl, window.location.href)))
    }
  }

  async function onSubmit(event) {
    const form = event.target
    event.preventDefault()
    if (form.classList.contains("photo-dialog__search")) {
      const address = new URL(baseUrl, window.location.href)
      address.searchParams.set("q", form.elements.q.value)
      return showResults(address)
    }
    if (form.classList.contains("photo-dialog__upload-form")) {
      const submit = form.querySelector("[type=submit]")
      submit.disabled = true
      const answer = await fetchHtml(form.action, { method: "POST", body: new FormData(form) })
      if (answer.json) {
        finish(answer.json.image)
        dialog.close()
        return
      }
      content.innerHTML = answer.html
      const invalid = content.querySelector(".photo-dialog__upload-form [aria-invalid=true], .errornote")
      if (invalid) (content.querySelector(".photo-dialog__upload-form input") || invalid).focus()
    }
  }

  async function open(url) {
    if (!dialog) build()
    baseUrl = url
    finish(null)
    content.innerHTML = "<p>Chargement de la photothèque…</p>"
    dialog.showModal()
    const { html } = await fetchHtml(url)
    content.innerHTML = html
    const search = content.querySelector("input[type=search]")
    if (search) search.focus()
    return new Promise((resolve) => {
      pending = resolve
    })
  }

  // Image fields (a library image for a foreign key): a thumbnail and two buttons.
  function show(widget, choice) {
    const input = widget.querySelector("input[type=hidden]")
    const preview = widget.querySelector(".photo-chooser__preview")
    const chooseButton = widget.querySelector(".photo-chooser__choose")
    const clear = widget.querySelector(".photo-chooser__clear")
    preview.replaceChildren()
    const title = document.createElement("span")
    title.className = "photo-chooser__title"
    if (choice) {
      const image = document.createElement("img")
      image.src = choice.thumbnail
      image.alt = ""
      image.width = 160
      image.className = "photo-chooser__thumbnail"
      title.textContent = choice.title
      preview.append(image, " ", title)
    } else {
      title.textContent = "Aucune image choisie"
      preview.append(title)
    }
    input.value = choice ? choice.id : ""
    chooseButton.textContent = choice ? "Changer d’image" : "Choisir une image"
    clear.hidden = !choice
    input.dispatchEvent(new Event("change", { bubbles: true }))
  }

  document.addEventListener("click", async (event) => {
    const widget = event.target.closest(".photo-chooser")
    if (!widget) return
    if (event.target.closest(".photo-chooser__choose")) {
      const choice = await open(widget.dataset.photoChooser)
      if (choice) show(widget, choice)
      widget.querySelector(".photo-chooser__choose").focus()
    } else if (event.target.closest(".photo-chooser__clear")) {
      show(widget, null)
      widget.querySelector(".photo-chooser__choose").focus()
    }
  })

  window.NamurPhotoChooser = { open }
})()
