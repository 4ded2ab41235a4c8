// The focal point of a library image, set by a click on the image or with the arrow keys; it
// fills the two fields below it, which stay there for who prefers to type the numbers.
;(() => {
  "use strict"

  const STEP = 0.05

  function start(picker) {
    const x = document.getElementById(picker.dataset.x)
    const y = document.getElementById(picker.dataset.y)
    if (!x || !y) return
    const image = picker.querySelector("img")
    const mark = picker.querySelector(".focal-picker__mark")
    const status = picker.parentElement.querySelector(".focal-picker__status")
    const clamp = (value) => Math.min(1, Math.max(0, value))
    const value = (input) => clamp(Number.parseFloat(input.value) || 0)

    function show() {
      mark.style.left = `${value(x) * 100}%`
      mark.style.top = `${value(y) * 100}%`
      if (status) {
        status.textContent = `Point d’intérêt : à ${Math.round(value(x) * 100)} % depuis la gauche, à ${Math.round(value(y) * 100)} % depuis le haut.`
      }
    }

    function set(newX, newY) {
      x.value = clamp(newX).toFixed(2)
      y.value = clamp(newY).toFixed(2)
      for (const input of [x, y]) input.dispatchEvent(new Event("input", { bubbles: true }))
      show()
    }

    picker.addEventListener("click", (event) => {
      const box = image.getBoundingClientRect()
      set((event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height)
    })
    picker.addEventListener("keydown", (event) => {
      const moves = {
        ArrowLeft: [-STEP, 0],
        ArrowRight: [STEP, 0],
        ArrowUp: [0, -STEP],
        ArrowDown: [0, STEP],
      }
      const move = moves[event.key]
      if (!move) return
      event.preventDefault()
      set(value(x) + move[0], value(y) + move[1])
    })
    x.addEventListener("input", show)
    y.addEventListener("input", show)
    show()
  }

  function startAll() {
    for (const picker of document.querySelectorAll(".focal-picker")) start(picker)
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startAll)
  else startAll()
})()
