// « Image de la photothèque » in the rich-text editor: a library image stored by reference,
// <figure data-image="42"></figure>, which the public pages expand (core/photos/embed.py).
import { Node } from "django-prose-editor/editor"

function chooserUrl(editor) {
  const textarea = editor.options.element.querySelector("textarea[data-photo-chooser]")
  return textarea ? textarea.dataset.photoChooser : null
}

const LibraryImage = Node.create({
  name: "libraryImage",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return {
      image: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-image"),
        renderHTML: (attributes) => ({ "data-image": attributes.image }),
      },
    }
  },

  parseHTML() {
    return [{ tag: "figure[data-image]" }]
  },

  renderHTML({ HTMLAttributes }) {
    return ["figure", HTMLAttributes]
  },

  addNodeView() {
    return ({ node, editor }) => {
      const dom = document.createElement("figure")
      dom.className = "library-image-preview"
      dom.dataset.image = node.attrs.image
      const image = document.createElement("img")
      image.alt = ""
      const caption = document.createElement("figcaption")
      caption.textContent = `Image de la photothèque n° ${node.attrs.image}`
      dom.append(image, caption)
      const url = chooserUrl(editor)
      if (url && /^[0-9]+$/.test(node.attrs.image || "")) {
        fetch(`${url}${node.attrs.image}/`, { credentials: "same-origin" })
          .then((response) => (response.ok ? response.json() : null))
          .then((data) => {
            if (!data) {
              caption.textContent =
                "Image introuvable dans la photothèque : elle ne sera pas montrée au public."
              dom.classList.add("library-image-preview--missing")
              return
            }
            image.src = data.image.thumbnail
            const parts = [data.image.caption, data.image.credit].filter(Boolean).join(" — ")
            caption.textContent = `${data.image.title}${parts ? ` · ${parts}` : ""}`
          })
          .catch(() => {})
      }
      return { dom }
    }
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "libraryImage",
      groups: "nodes",
      button: buttons.material("image", "Image de la photothèque"),
      command(editor) {
        const url = chooserUrl(editor)
        if (!url || !window.NamurPhotoChooser) return
        window.NamurPhotoChooser.open(url).then((choice) => {
          if (!choice) return
          editor
            .chain()
            .focus()
            .insertContent({ type: "libraryImage", attrs: { image: String(choice.id) } })
            .run()
        })
      },
    })
  },
})

window.NAMUR_EDITOR_EXTENSIONS = { ...(window.NAMUR_EDITOR_EXTENSIONS || {}), LibraryImage }
